import * as assert from 'node:assert/strict';
import { findingsOf, policy, textAt } from '../../support/policyText';

const RULE = 'legacy-version';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('rule legacy-version', () => {
  it('fires on 2008-10-17 and says policy variables are then literal text', () => {
    const legacy = findingsOf(
      'legacy-version',
      JSON.stringify({ Version: '2008-10-17', Statement: [{ ...ok, Resource: 'arn:aws:s3:::b/${aws:username}/*' }] }),
    );
    assert.match(legacy[0].message, /literal text/);
  });

  it('fires as a warning on the Version value of a policy without variables', () => {
    const text = policy([ok], { Version: '2008-10-17' });
    const [finding, ...rest] = findingsOf(RULE, text);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(text, finding), '"2008-10-17"');
    assert.match(finding.message, /is the legacy policy language \(no policy variables\): use "2012-10-17"/);
  });

  it('stays silent on 2012-10-17, on an unknown version and without Version', () => {
    assert.deepEqual(findingsOf(RULE, policy([ok])), []);
    assert.deepEqual(findingsOf(RULE, policy([ok], { Version: '2026-11-28' })), []);
    assert.deepEqual(findingsOf(RULE, JSON.stringify({ Statement: [ok] })), []);
  });
});
