/** How each kind of generated docs file says that it is generated (see GENERATED_HEADER for .nix). */
import { GENERATED_HEADER } from "../emit/template.js";

/** The sentence itself, without the Nix comment sign. */
export const GENERATED_NOTE = GENERATED_HEADER.replace(/^# /, "");

/** First line of a generated Markdown file: a comment GitHub does not show. */
export const MARKDOWN_HEADER = `<!-- ${GENERATED_NOTE} -->`;
