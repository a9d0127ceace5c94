/** Koa's base context (`koa/lib/context.js`), the prototype of every app's `app.context`. */
declare module "koa/lib/context.js" {
  const context: object;
  export default context;
}
