/** CDK entry (`cdk.json` → `npx tsx infra/app.ts`): builds the app and synthesises it. */
import { buildApp } from './build.ts';

buildApp().app.synth();
