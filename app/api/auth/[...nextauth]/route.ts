// GET|POST /api/auth/* – next-auth: sign-in, sign-out, session, OAuth callbacks
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const handler = (req: NextRequest, context: RouteContext) => NextAuth(req, context, authOptions());

export { handler as GET, handler as POST };
