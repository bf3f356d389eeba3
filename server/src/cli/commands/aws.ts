// The commands that call AWS, in one module so that the bundle can load the AWS SDK only for them
// (scripts/build.mjs makes this module dist/cli-aws.js).
import { quietNodeVersionNotice } from './sdkNotice';

quietNodeVersionNotice(process.env);

export { assumeCommand } from './assume';
export { eventsCommand } from './events';
export { verifyCommand } from './verify';
export { whoamiCommand } from './whoami';
