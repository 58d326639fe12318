// Mocha reporter: the standard "spec" output, then the plain closing line CI reads
// ("N passed, N failed", with ", N skipped" when any test is pending). CommonJS because mocha
// loads reporters with require() and wants the class itself as the module.
import Mocha = require('mocha');

class PathwiseReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = s.pending > 0 ? `, ${s.pending} skipped` : '';
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed${skipped}\n`);
    });
  }
}

export = PathwiseReporter;
