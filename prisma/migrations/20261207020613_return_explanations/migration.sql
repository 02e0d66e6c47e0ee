-- CreateTable
CREATE TABLE "ReturnExplanation" (
    "id" UUID NOT NULL,
    "returnId" UUID NOT NULL,
    "ruleKey" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "givenBy" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnExplanation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReturnExplanation_returnId_ruleKey_revision_key" ON "ReturnExplanation"("returnId", "ruleKey", "revision");

-- AddForeignKey
ALTER TABLE "ReturnExplanation" ADD CONSTRAINT "ReturnExplanation_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "AnnualReturn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
