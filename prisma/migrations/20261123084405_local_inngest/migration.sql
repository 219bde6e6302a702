-- CreateTable
CREATE TABLE "inngest_function" (
    "id" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "cron_next_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inngest_function_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_event_id" (
    "id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inngest_event_id_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_run" (
    "id" TEXT NOT NULL,
    "function_id" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '{}',
    "stack" JSONB NOT NULL DEFAULT '[]',
    "planned" JSONB NOT NULL DEFAULT '[]',
    "parallel" BOOLEAN NOT NULL DEFAULT false,
    "concurrency_key" TEXT,
    "output" JSONB,
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "inngest_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_queue_item" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "step_id" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL,
    "leased" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "inngest_queue_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inngest_wait" (
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "expression" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inngest_wait_pkey" PRIMARY KEY ("run_id","step_id")
);

-- CreateIndex
CREATE INDEX "inngest_event_id_received_at_idx" ON "inngest_event_id"("received_at");

-- CreateIndex
CREATE INDEX "inngest_run_function_id_status_idx" ON "inngest_run"("function_id", "status");

-- CreateIndex
CREATE INDEX "inngest_queue_item_leased_available_at_idx" ON "inngest_queue_item"("leased", "available_at");

-- CreateIndex
CREATE INDEX "inngest_queue_item_run_id_idx" ON "inngest_queue_item"("run_id");

-- CreateIndex
CREATE INDEX "inngest_wait_event_name_idx" ON "inngest_wait"("event_name");

