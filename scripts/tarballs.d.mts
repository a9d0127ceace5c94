/** Types of tarballs.mjs, for the tests that import it. */

export declare const ROOT: string;
export declare const PNPM: readonly string[];

export interface PublishablePackage {
  readonly name: string;
  readonly version: string;
  /** The package's directory. */
  readonly dir: string;
  /** The tarball's file name (`oso-ts-core-0.2.0.tgz`). */
  readonly tarball: string;
}

export declare function publishablePackages(): PublishablePackage[];
export declare function packAll(destination: string): (PublishablePackage & { readonly path: string })[];
export declare function readTarball(file: string): Map<string, Buffer>;
