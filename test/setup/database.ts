// Runs before each test file: a fresh database cloned from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { withDatabase } from "../support/database-url";

const serverUrl = inject("postgresServerUrl");
const name = `weft_test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE weft_template`);
await admin.end();

process.env.DATABASE_URL = withDatabase(serverUrl, name);
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.WEFT_SECRET_KEY ??= randomBytes(32).toString("base64url");
