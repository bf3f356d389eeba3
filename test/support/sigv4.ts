/** What the loopback servers read of a SigV4 Authorization header. */

/**
 * The access key id, region and service of the credential scope
 * (`Credential=AKID/20260101/eu-west-1/cloudtrail/aws4_request`); empty when the header has none.
 */
export function credentialScope(authorization: string | undefined): { accessKeyId?: string; region?: string; service?: string } {
  const m = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return m ? { accessKeyId: m[1], region: m[3], service: m[4] } : {};
}
