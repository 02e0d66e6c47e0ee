-- CreateEnum
CREATE TYPE "StrategyPublicationKind" AS ENUM ('REVIEWED_UNCHANGED', 'ALTERED', 'REPLACED');

-- CreateTable
CREATE TABLE "StrategyPublication" (
    "id" UUID NOT NULL,
    "strategyId" UUID NOT NULL,
    "publishedOn" DATE NOT NULL,
    "kind" "StrategyPublicationKind" NOT NULL,
    "url" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StrategyPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StrategyPublication_strategyId_publishedOn_key" ON "StrategyPublication"("strategyId", "publishedOn");

-- AddForeignKey
ALTER TABLE "StrategyPublication" ADD CONSTRAINT "StrategyPublication_strategyId_fkey" FOREIGN KEY ("strategyId") REFERENCES "Strategy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
