// ltijs ships no types; this declares only what the adapter uses.
declare module 'ltijs' {
  import type { Express, Request, Response, NextFunction } from 'express';
  type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
  export interface LtijsPlatform {
    platformActive(active?: boolean): Promise<boolean>;
    platformAccessTokenEndpoint(): Promise<string>;
    platformAuthorizationServer(): Promise<string>;
  }
  export interface LtijsProvider {
    app: Express;
    Database: { setup(): Promise<boolean> };
    setup(key: string, db: { url: string; connection?: Record<string, unknown> }, options: Record<string, unknown>): LtijsProvider;
    onConnect(cb: (token: unknown, req: Request, res: Response, next: NextFunction) => unknown): void;
    onDeepLinking(cb: (token: unknown, req: Request, res: Response, next: NextFunction) => unknown): void;
    onInvalidToken(cb: Handler): void;
    onSessionTimeout(cb: Handler): void;
    onUnregisteredPlatform(cb: Handler): void;
    onInactivePlatform(cb: Handler): void;
    registerPlatform(p: Record<string, unknown>): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
  }
  const ltijs: { Provider: LtijsProvider };
  export default ltijs;
}
