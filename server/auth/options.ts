import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "../env";
import { AppError } from "../errors";
import { findOrCreateOAuthUser } from "../users/find-or-create-oauth-user";
import { clientIp } from "./client-ip";
import { verifyCredentials } from "./verify-credentials";

/** OAuth/OIDC providers switched on by their environment variables (see the README). */
function oauthProviders(): NextAuthOptions["providers"] {
  const e = env();
  const providers: NextAuthOptions["providers"] = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  }
  if (e.GOOGLE_ID && e.GOOGLE_SECRET) {
    providers.push(GoogleProvider({ clientId: e.GOOGLE_ID, clientSecret: e.GOOGLE_SECRET }));
  }
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      profile: (profile: { sub: string; email: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email,
        name: profile.name ?? null,
      }),
    });
  }
  return providers;
}

/** The ids and names of the OAuth/OIDC providers that are switched on, for the sign-in page. */
export const enabledOAuthProviders = () =>
  oauthProviders().map((provider) => ({ id: provider.id, name: provider.name }));

let cached: NextAuthOptions | undefined;

/** next-auth's configuration: email + password and optional OAuth/OIDC, JWT sessions. */
export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          try {
            return await verifyCredentials(
              credentials?.email,
              credentials?.password,
              clientIp(req.headers),
            );
          } catch (error) {
            // next-auth passes the message to the sign-in page as `error`.
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.type !== "oauth") return true;
        return Boolean(user.email);
      },
      async jwt({ token, user, account }) {
        if (account?.type === "oauth" && user?.email) {
          const weftUser = await findOrCreateOAuthUser({ email: user.email, name: user.name });
          token.sub = weftUser.id;
          token.name = weftUser.name;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
  return cached;
}
