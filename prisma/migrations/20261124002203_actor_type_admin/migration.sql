-- AlterEnum
ALTER TYPE "ActorType" ADD VALUE 'ADMIN';
