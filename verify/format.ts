/** Output: preflight's, the same lines and the same JSON array of {status, check, account, subject, message}. */
export { FORMATS, formatResults, summary, type Format } from "../preflight/format";
