/**
 * The SNS members the functions use, imported lazily through this module. A dynamic import of the
 * package itself keeps all of it in a bundle (every command of the service, to be parsed at every
 * cold start); a module that names what it needs lets esbuild leave the rest out.
 */
export { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
