import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { ProblemFilter } from '@waymark/access';
import { WaymarkConfig, projectRoot, runProcess } from '@waymark/config';
import {
  WaymarkMetrics,
  httpObservability,
  nestLoggerOptions,
  useWaymarkLogger,
} from '@waymark/observability';
import { ApiModule } from './api.module';
import { YAML_BODY_LIMIT, YAML_MEDIA_TYPES } from './annual-return/annual-return.controllers';

/** Builds the HTTP app (not yet listening): admin API, lead-facing pages, health, OpenAPI at /docs. */
export async function createApi(config: WaymarkConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(config),
    nestLoggerOptions(config),
  );
  useWaymarkLogger(app, config);
  // First of all: the request id, the request's span and its metrics (docs/operations.md).
  app.use(httpObservability(app.get(WaymarkMetrics)));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(securityHeaders());
  // A return template may be sent as YAML: its text reaches the route, which parses it (JSON is parsed by Nest).
  app.useBodyParser('text', { type: YAML_MEDIA_TYPES, limit: YAML_BODY_LIMIT });
  app.useGlobalFilters(new ProblemFilter(app.get(HttpAdapterHost).httpAdapter));
  const govuk = join(projectRoot(), 'node_modules', 'govuk-frontend', 'dist', 'govuk');
  app.useStaticAssets(join(govuk, 'assets'), { prefix: '/assets', maxAge: '1d' });
  app.useStaticAssets(govuk, { prefix: '/assets', index: false, maxAge: '1d' });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Waymark admin API')
      .setDescription(
        'For domestic abuse coordinators: set up the action plan and follow its progress. Leads never use this API: they answer by email.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * helmet's headers. Scripts: this origin's, and an inline one only with the request's own nonce (the lead pages'
 * GOV.UK Frontend start-up, `res.locals.cspNonce`); never 'unsafe-inline', except on the API documentation
 * (/docs), whose Swagger UI needs it. Styles may be inline (Swagger UI, a page's style attribute); images may
 * be data: URIs (Swagger UI).
 */
function securityHeaders(): RequestHandler {
  const policy = (scripts: (string | ((req: IncomingMessage, res: ServerResponse) => string))[]) =>
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", ...scripts],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          // Local runs are plain http; in production TLS is the reverse proxy's (and HSTS says so).
          'upgrade-insecure-requests': null,
        },
      },
    });
  const pages = policy([(_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`]);
  const docs = policy(["'unsafe-inline'"]);
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    (/^\/docs(-json)?(\/|$)/.test(req.path) ? docs : pages)(req, res, next);
  };
}

export async function startApi(config: WaymarkConfig): Promise<NestExpressApplication> {
  const app = await createApi(config);
  await app.listen(config.PORT, config.HOST);
  if (config.NODE_ENV !== 'test')
    new Logger('API').log(`Listening on ${await app.getUrl()} (links in emails: ${config.PUBLIC_BASE_URL})`);
  return app;
}

if (require.main === module) runProcess('API', startApi);
