"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { RoleBadge } from "../ui/badge";
import { Button } from "../ui/button";
import { TeamSwitcher, type TeamOption } from "./team-switcher";
import { ThemeToggle } from "./theme-toggle";

const NAV = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/flows", label: "Flows" },
  { href: "/runs", label: "Runs" },
  { href: "/schedules", label: "Schedules" },
  { href: "/secrets", label: "Secrets" },
  { href: "/connections", label: "Connections" },
  { href: "/team", label: "Team" },
  { href: "/audit", label: "Audit log", owners: true },
];

interface Props {
  user: { name?: string | null; email?: string | null };
  teams: TeamOption[];
  current: TeamOption;
  children: ReactNode;
}

export function AppShell({ user, teams, current, children }: Props) {
  const pathname = usePathname();
  // On a phone the sidebar is a menu that opens over the page.
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="flex min-h-screen flex-col bg-zinc-50 text-zinc-900 md:flex-row dark:bg-zinc-950 dark:text-zinc-100">
      <div className="flex items-center justify-between border-b border-zinc-200 bg-white px-4 py-2 md:hidden dark:border-zinc-800 dark:bg-zinc-900">
        <Link href="/flows" className="text-lg font-bold tracking-tight text-indigo-600">
          Weft
        </Link>
        <Button
          variant="secondary"
          aria-expanded={menuOpen}
          aria-controls="weft-sidebar"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </Button>
      </div>
      <aside
        id="weft-sidebar"
        className={`${menuOpen ? "flex" : "hidden"} w-full shrink-0 flex-col gap-6 border-r border-zinc-200 bg-white p-4 md:flex md:w-60 dark:border-zinc-800 dark:bg-zinc-900`}
      >
        <Link
          href="/flows"
          className="hidden text-xl font-bold tracking-tight text-indigo-600 md:block"
        >
          Weft
        </Link>
        <div className="space-y-2">
          <TeamSwitcher teams={teams} currentId={current.id} />
          <p className="flex items-center gap-2 text-xs text-zinc-500">
            Your role: <RoleBadge role={current.role} />
          </p>
        </div>
        <nav aria-label="Main" className="flex flex-col gap-1">
          {NAV.filter((item) => !("owners" in item) || current.role === "OWNER").map((item) => {
            const active = pathname.startsWith(item.href);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? "page" : undefined}
                onClick={() => setMenuOpen(false)}
                className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-200" : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="mt-auto space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <ThemeToggle />
          <div className="text-xs">
            <p className="font-medium">{user.name}</p>
            <p className="text-zinc-500">{user.email}</p>
          </div>
          <Button
            variant="secondary"
            className="w-full"
            onClick={() => void signOut({ callbackUrl: "/sign-in" })}
          >
            Sign out
          </Button>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-4 md:p-8">{children}</main>
    </div>
  );
}
