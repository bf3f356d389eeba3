import { sharedCatalog } from '../catalog/catalog';
import { PRODUCT_VERSION } from '../engine/docs';

export function catalogVersionLine(): string {
  const source = sharedCatalog().source;
  const date = source.updatedAt.slice(0, 10);
  return `iamlp ${PRODUCT_VERSION}; IAM action catalog ${source.package} ${source.version} (data of ${date}, ${sharedCatalog().size} actions)`;
}
