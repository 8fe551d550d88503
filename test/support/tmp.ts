/**
 * The tmp package, with graceful cleanup on: every temporary directory a test
 * makes (all with unsafeCleanup) is removed when its process ends, whether
 * the whole suite runs or one test file alone.
 */
import tmp from "tmp";

tmp.setGracefulCleanup();

export default tmp;
