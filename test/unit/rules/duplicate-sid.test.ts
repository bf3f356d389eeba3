import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'duplicate-sid';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule duplicate-sid', () => {
  it('fires once when two statements share a Sid', () => {
    const dup = policy([
      { ...ok, Sid: 'Read' },
      { ...ok, Sid: 'Read' },
    ]);
    assert.equal(findingsOf('duplicate-sid', dup).length, 1);
  });

  it('fires as an error on the repeated Sid value, naming the statement that has it first', () => {
    const text = policy([
      { ...ok, Sid: 'Read' },
      { ...ok, Sid: 'Write', Action: 's3:PutObject' },
      { ...ok, Sid: 'Read' },
    ]);
    const [finding] = findingsOf(RULE, text);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(text, finding), '"Read"');
    assert.equal(finding.offset, text.lastIndexOf('"Read"'));
    assert.match(finding.message, /^Sid "Read" is already used by statement 1: statement ids must be unique/);
  });

  it('stays silent on distinct Sids, on Sids that differ in case, and on empty Sids', () => {
    assert.deepEqual(
      findingsOf(
        RULE,
        policy([
          { ...ok, Sid: 'Read' },
          { ...ok, Sid: 'read' },
          { ...ok, Sid: 'Write' },
        ]),
      ),
      [],
    );
    assert.deepEqual(
      findingsOf(
        RULE,
        policy([
          { ...ok, Sid: '' },
          { ...ok, Sid: '' },
        ]),
      ),
      [],
    );
  });
});
