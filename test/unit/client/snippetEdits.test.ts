import * as assert from 'node:assert/strict';
import { snippetEditsOf } from '../../../client/src/snippetEdits';

describe('snippet edits carried in CodeAction.data', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } };

  it('reads well-formed snippet edits', () => {
    assert.deepEqual(snippetEditsOf({ snippetEdits: [{ range, snippet: '"${1:x}"' }] }), [{ range, snippet: '"${1:x}"' }]);
  });

  it('ignores data without them, or with anything malformed', () => {
    for (const data of [
      undefined,
      null,
      {},
      { snippetEdits: [] },
      { snippetEdits: [{ range }] },
      { snippetEdits: [{ snippet: 'x', range: { start: {} } }] },
      'x',
    ]) {
      assert.equal(snippetEditsOf(data), undefined, JSON.stringify(data));
    }
  });
});
