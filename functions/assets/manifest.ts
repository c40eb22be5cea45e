/**
 * Static assets, all served by the app itself (no CDN: many mainland networks cannot reach one, and
 * a third-party host would learn who visits a whistleblower page). Locally the files are read where
 * npm put them; in AWS the assets function carries copies named by `file`.
 */
export interface Asset {
  /** Package-relative (`pkg/path`) or repository-relative (`./path`) source. */
  source: string;
  /** Flat file name inside the assets function bundle. */
  file: string;
  type: string;
}

export const ASSETS: Record<string, Asset> = {
  '/assets/pico.min.css': {
    source: '@picocss/pico/css/pico.classless.min.css',
    file: 'pico.min.css',
    type: 'text/css; charset=utf-8',
  },
  '/assets/app.css': {
    source: './functions/assets/public/app.css',
    file: 'app.css',
    type: 'text/css; charset=utf-8',
  },
  '/assets/app.js': {
    source: './functions/assets/public/app.js',
    file: 'app.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/evidence.js': {
    source: './functions/assets/public/evidence.js',
    file: 'evidence.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/staff.css': {
    source: './functions/assets/public/staff.css',
    file: 'staff.css',
    type: 'text/css; charset=utf-8',
  },
  '/assets/staff.js': {
    source: './functions/assets/public/staff.js',
    file: 'staff.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/swagger-init.js': {
    source: './functions/assets/public/swagger-init.js',
    file: 'swagger-init.js',
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/swagger-ui.css': {
    source: 'swagger-ui-dist/swagger-ui.css',
    file: 'swagger-ui.css',
    type: 'text/css; charset=utf-8',
  },
  '/assets/swagger-ui-bundle.js': {
    source: 'swagger-ui-dist/swagger-ui-bundle.js',
    file: 'swagger-ui-bundle.js',
    type: 'text/javascript; charset=utf-8',
  },
};
