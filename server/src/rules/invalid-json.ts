import { ParseErrorCode, printParseErrorCode } from 'jsonc-parser';
import { Rule } from '../engine/rule';

const MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'A property name in double quotes is expected',
  [ParseErrorCode.ValueExpected]: 'A value is expected',
  [ParseErrorCode.ColonExpected]: 'A colon is expected',
  [ParseErrorCode.CommaExpected]: 'A comma is expected',
  [ParseErrorCode.CloseBraceExpected]: 'A closing brace } is expected',
  [ParseErrorCode.CloseBracketExpected]: 'A closing bracket ] is expected',
  [ParseErrorCode.EndOfFileExpected]: 'Nothing may follow the policy document',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed in a .json policy (AWS rejects them; use .jsonc for annotated drafts)',
  [ParseErrorCode.UnexpectedEndOfComment]: 'A comment is not closed',
  [ParseErrorCode.UnexpectedEndOfString]: 'A string is not closed',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'A number is not finished',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in a string',
};

/** More than this many syntax errors is one broken region; the rest would only bury it. */
const MAX_REPORTED = 20;

export const invalidJson: Rule = {
  meta: {
    id: 'invalid-json',
    severity: 'error',
    category: 'grammar',
    description: 'The document is not valid JSON (or JSONC, for .jsonc files).',
    standaloneOnly: true,
    appliesTo: ['identity', 'trust', 'resource'],
  },
  check({ doc, report }) {
    if (doc.unreadable) report({ offset: 0, length: Math.min(1, doc.text.length), message: doc.unreadable });
    // The parser reports several errors at one place (a trailing comma is "property name expected"
    // and "value expected"; a cut-off document is one error per unclosed bracket): one problem
    // there, one finding, told by the first error.
    let reported = 0;
    for (let i = 0; i < doc.parseErrors.length && reported < MAX_REPORTED; reported++) {
      const error = doc.parseErrors[i];
      let end = i + 1;
      while (end < doc.parseErrors.length && doc.parseErrors[end].offset === error.offset) end++;
      const unclosed = doc.parseErrors
        .slice(i, end)
        .filter((e) => e.error === ParseErrorCode.CloseBraceExpected || e.error === ParseErrorCode.CloseBracketExpected).length;
      i = end;
      let message = MESSAGES[error.error] ?? printParseErrorCode(error.error);
      const next = doc.text.slice(error.offset).trimStart()[0];
      const trailingComma =
        (error.error === ParseErrorCode.PropertyNameExpected || error.error === ParseErrorCode.ValueExpected) &&
        (next === '}' || next === ']');
      if (trailingComma) message = 'Trailing comma: AWS rejects it in a .json policy';
      if (error.offset >= doc.text.length && !trailingComma)
        message +=
          unclosed > 1
            ? ` (the document ends too early: ${unclosed} brackets and braces are not closed)`
            : ' (the document ends too early)';
      // At least one character wide so the squiggle shows, but never past the end of the text.
      const length = Math.min(Math.max(error.length, 1), Math.max(doc.text.length - error.offset, 0));
      report({ offset: error.offset, length, message: `${message}.` });
    }
  },
};
