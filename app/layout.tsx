import type { Metadata } from "next";
import type { ReactNode } from "react";
import { themeScript } from "@/components/shell/theme-toggle";
import { ApiProvider } from "@/components/trpc/client";
import "./globals.css";

// Every page depends on the signed-in user: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Weft",
  description: "Compose, run and watch pipelines on a canvas",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="font-sans antialiased">
        <ApiProvider>{children}</ApiProvider>
      </body>
    </html>
  );
}
