// A setup function that fails.
export default function () {
  throw new Error("no config");
}
