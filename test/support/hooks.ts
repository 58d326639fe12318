// Root hooks: stop the shared stack (engine process included) after the whole run.
import { stopStack } from './stack.ts';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopStack();
  },
};
