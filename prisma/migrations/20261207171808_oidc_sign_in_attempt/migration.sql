-- CreateTable
CREATE TABLE "OidcSignInAttempt" (
    "id" UUID NOT NULL,
    "keyHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "returnTo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "OidcSignInAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OidcSignInAttempt_keyHash_key" ON "OidcSignInAttempt"("keyHash");

-- CreateIndex
CREATE INDEX "OidcSignInAttempt_expiresAt_idx" ON "OidcSignInAttempt"("expiresAt");
