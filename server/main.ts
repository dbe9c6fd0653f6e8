import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthService } from './auth/auth-service.ts';
import { DocRegistry } from './collab/doc-registry.ts';
import { allowedOrigins, loadConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { createHttpApp } from './http/app.ts';
import { createConnectionGuard, timeoutServerOptions } from './http/connection-guard.ts';
import { createLogger } from './logger.ts';
import { databasePath, migrateWithKey, openDatabase } from './storage/db.ts';
import { loadSecretsKey } from './auth/secrets-key.ts';
import { StartupError } from './errors.ts';
import { createDocStore } from './storage/doc-store.ts';
import { createDraftsRepo } from './storage/drafts-repo.ts';
import { peopleInDraft } from './auth/people-in-draft.ts';
import { createSessionsRepo } from './storage/sessions-repo.ts';
import { createAccountsRepo } from './storage/accounts-repo.ts';
import { createInvitesRepo } from './storage/invites-repo.ts';
import { createAuditRepo } from './storage/audit-repo.ts';
import { createAuditLog } from './audit/audit-log.ts';
import { UpdateWriter } from './storage/update-writer.ts';
import { createUsersRepo } from './storage/users-repo.ts';
import { createUpgradeHandler } from './ws/upgrade.ts';
import { createReview } from './review/review-module.ts';
import { createExportLog } from './exports/export-log.ts';
import { createVersionService } from './versions/version-service.ts';

/** instance_settings key holding the secrets key's fingerprint, to refuse a wrong key at start. */
const SECRETS_KEY_ID_SETTING = 'secrets_key_id';

/** The composition root: reads config, opens storage, wires HTTP and websockets, listens. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`Plenary cannot start; fix these settings:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  const config = loaded.config;
  const logger = createLogger(config.logLevel, (line) => process.stdout.write(`${line}\n`));

  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous });
  const accounts = createAccountsRepo(db);
  // Before anything else touches the database: a wrong or missing key stops the start here.
  const storedKeyId = accounts.setting(SECRETS_KEY_ID_SETTING);
  const secrets = loadSecretsKey(config.secretsKeyFile, storedKeyId);
  if (secrets.created) logger.info('created the secrets key file; back it up apart from the database', { file: config.secretsKeyFile });
  for (const warning of secrets.warnings) logger.warn(warning);
  if (storedKeyId !== secrets.box.keyId) accounts.putSetting(SECRETS_KEY_ID_SETTING, secrets.box.keyId);
  migrateWithKey(db, (plain, context) => secrets.box.seal(plain, context));
  const users = createUsersRepo(db);
  const sessions = createSessionsRepo(db);
  const drafts = createDraftsRepo(db);
  const docs = createDocStore(db);
  // Set right below; the writer's callback runs only later, once storage fails.
  let registry: DocRegistry | undefined = undefined;
  const writer = new UpdateWriter(
    {
      dbPath: databasePath(config.dataDir),
      synchronous: config.sqliteSynchronous,
      commitWindowMs: config.commitWindowMs,
      maxQueuedBytes: 64 * 1024 * 1024,
      onStorageStateChange: (ok) => {
        if (ok || !registry) return;
        for (const room of registry.all())
          for (const peer of room.peers)
            peer.sendControl({ type: 'notice', code: 'storage-error', message: 'The server cannot save right now. Your edits are kept on this device and will be saved when it recovers.' });
      },
    },
    logger,
  );
  registry = new DocRegistry(
    docs,
    writer,
    {
      idleUnloadMs: config.docIdleUnloadMs,
      maxOpenDrafts: config.maxOpenDrafts,
      maxDocumentBytes: config.maxDocumentBytes,
      maxAwarenessBytes: config.maxAwarenessBytes,
      compactAfterUpdates: config.compactAfterUpdates,
    },
    logger,
  );
  const auth = createAuthService({ config, users, sessions, accounts, secrets: secrets.box, logger });
  const invites = createInvitesRepo(db);
  const audit = createAuditLog(createAuditRepo(db), logger);

  // The port is known only after listen (PORT=0 in tests), and the allowlist depends on it.
  const origins = new Set<string>();
  const review = createReview(db, { drafts, users, registry, logger });
  const versions = createVersionService({ db, rooms: registry, people: peopleInDraft(users, drafts), logger, autoVersionQuietMs: config.autoVersionQuietMs, saveTimeoutMs: config.versionSaveTimeoutMs, durable: () => writer.barrier() });
  const ctx: ServerContext = { config, logger, origins, users, sessions, drafts, docs, writer, registry, auth, review, accounts, invites, audit, exportLog: createExportLog(db), versions };
  const guardOptions = {
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    maxHttpSocketsPerAddress: config.maxHttpSocketsPerAddress,
  };
  const guard = createConnectionGuard(guardOptions, logger);
  const upgrades = createUpgradeHandler(ctx, guard.becameWebsocket);
  const app = createHttpApp(ctx, upgrades.connectionCount);
  const server = createAdaptorServer({ fetch: app.fetch, serverOptions: timeoutServerOptions(guardOptions) }) as Server;
  guard.attach(server);
  server.on('upgrade', (req, socket, head) => upgrades.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  for (const o of allowedOrigins(config, port)) origins.add(o);
  const baseUrl = config.publicUrl ?? `http://localhost:${port}`;

  const { setupToken } = await auth.bootstrap();
  logger.info('listening', { port, url: baseUrl, dataDir: config.dataDir });
  if (setupToken) {
    // Printed on purpose, once: this is how the first administrator gets in.
    process.stdout.write(`\nPlenary has no accounts yet. Create the administrator account here (valid 24 hours):\n\n  ${baseUrl}/setup#${setupToken}\n\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    server.close();
    upgrades.close();
    await registry.shutdown();
    await writer.close();
    versions.close();
    db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof StartupError) {
    process.stderr.write(`Plenary cannot start: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Plenary failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
