-- CreateTable
CREATE TABLE "EvidenceFile" (
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvidenceFile_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE INDEX "Evidence_updateId_idx" ON "Evidence"("updateId");
