/**
 * The quickstart's pages: three of them, in memory, as in Oso's quickstart.
 * @module
 */

/** A page of the site; the policy grants roles on pages. */
export class Page {
  /** Every page, numbered from 0. */
  static readonly pages: readonly Page[] = [new Page(0), new Page(1), new Page(2)];

  constructor(readonly id: number) {}

  /**
   * The page numbered `pagenum` (a route parameter), or `undefined` when there is none.
   * Only a plain decimal names a page: `"01"` or `"1.0"` is not page 1, so each page has
   * one URL.
   */
  static getPage(pagenum: unknown): Page | undefined {
    if (typeof pagenum !== "string" || !/^(0|[1-9][0-9]{0,8})$/.test(pagenum)) return undefined;
    return Page.pages[Number(pagenum)];
  }
}
