import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "server/db/generated/**", "next-env.d.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Layering (docs/development.md): lib/ is isomorphic and imports neither server nor UI code.
    files: ["lib/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: ["@/server/*", "@/components/*", "@/app/*", "**/server/*", "**/components/*"] },
      ],
    },
  },
  {
    // The UI uses server code for its types only (tRPC's router, stream messages, rows).
    files: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/server/*"], allowTypeImports: true }] },
      ],
    },
  },
  {
    // Routers and REST handlers call services (server/runs/, server/flows/ …), not the engine.
    files: ["server/api/**", "server/rest/**", "app/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: ["@/server/engine/*", "**/engine/*"] },
      ],
    },
  },
  {
    // The sandbox worker is plain CommonJS run by node:worker_threads.
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        WebAssembly: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["app/**", "components/**"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Only the environment module and command-line entry points read process.env.
    files: ["app/**", "components/**", "lib/**", "server/**"],
    ignores: [
      "server/env.ts",
      "server/launcher/**",
      "server/db/migrate-cli.ts",
      "server/db/backup-cli.ts",
      "server/db/new-migration.ts",
      "server/local-inngest/main.ts",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from server/env.ts." },
      ],
    },
  },
);
