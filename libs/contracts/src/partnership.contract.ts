import { z } from 'zod';
import { listQuerySchema, optionalText } from './list-query.contract';

export const ORGANISATION_KINDS = [
  'COUNCIL',
  'TIER2_COUNCIL',
  'POLICE',
  'HEALTH',
  'HOUSING',
  'PROBATION',
  'FIRE',
  'EDUCATION',
  'CHARITY',
  'PARTNERSHIP_BODY',
  'OTHER',
] as const;

/** s.58 categories of board membership. */
export const BOARD_CATEGORIES = [
  'LOCAL_AUTHORITY',
  'TIER2_AUTHORITY',
  'VICTIMS',
  'CHILDREN_OF_VICTIMS',
  'CHARITY_VOLUNTARY',
  'HEALTH',
  'POLICING_CRIMINAL_JUSTICE',
  'HOUSING',
  'PROTECTED_CHARACTERISTICS',
  'OTHER',
] as const;

const name = z.string().trim().min(2).max(200);
export const emailAddressSchema = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());

/** A new partnership (`waymark partnerships create`): the Tier 1 council's ONS/GSS code names it for good. */
export const createPartnershipSchema = z.strictObject({
  name,
  gssCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^E\d{8}$/, "An English council's ONS/GSS code: E and eight digits, e.g. E08000028"),
  coordinatorEmail: emailAddressSchema,
});

/** PATCH the caller's own partnership (the ONS/GSS code and the timezone are fixed). */
export const updatePartnershipSchema = z
  .strictObject({ name, coordinatorEmail: emailAddressSchema })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

// Create schemas add defaults to the fields; update schemas are the fields, all optional and without
// defaults, so that a field left out of a PATCH stays as it is.
const organisation = z.strictObject({
  name,
  kind: z.enum(ORGANISATION_KINDS),
  aliases: z
    .array(z.string().trim().min(1).max(200))
    .max(50)
    .describe('Other names the body goes by, e.g. "DA Board" for "Domestic Abuse Strategic Board"'),
});
export const createOrganisationSchema = organisation.extend({
  kind: organisation.shape.kind.default('OTHER'),
  aliases: organisation.shape.aliases.default([]),
});
export const updateOrganisationSchema = organisation
  .partial()
  .extend({
    defaultContactId: z
      .uuid()
      .nullable()
      .optional()
      .describe("One of its contacts, asked for the organisation's actions that have no lead contact yet"),
  })
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');
export const listOrganisationsSchema = listQuerySchema(['name', 'createdAt', 'updatedAt'], 'name').extend({
  kind: z.enum(ORGANISATION_KINDS).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Matches the name or an alias'),
});

const contact = z.strictObject({
  name,
  email: emailAddressSchema,
  organisationId: z.uuid().nullable().optional(),
  jobTitle: optionalText(200),
  isRoleMailbox: z.boolean().describe('A shared mailbox for a role, not a person'),
  managerId: z.uuid().nullable().optional().describe('Who escalations go to'),
});
export const createContactSchema = contact.extend({
  isRoleMailbox: contact.shape.isRoleMailbox.default(false),
});
export const updateContactSchema = contact
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');
export const listContactsSchema = listQuerySchema(['name', 'email', 'createdAt'], 'name').extend({
  organisationId: z.uuid().optional(),
});

const board = z.strictObject({
  name,
  reportWorkingDaysBefore: z.number().int().min(0).max(30),
});
export const createBoardSchema = board.extend({
  reportWorkingDaysBefore: board.shape.reportWorkingDaysBefore.default(5),
});
export const updateBoardSchema = board
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');
export const listBoardsSchema = listQuerySchema(['name', 'createdAt'], 'name');

const boardMember = z.strictObject({
  contactId: z.uuid(),
  role: z.string().trim().min(1).max(200),
  isChair: z.boolean(),
  category: z.enum(BOARD_CATEGORIES),
});
export const addBoardMemberSchema = boardMember.extend({
  role: boardMember.shape.role.default('Member'),
  isChair: boardMember.shape.isChair.default(false),
});
export const updateBoardMemberSchema = boardMember
  .omit({ contactId: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');
export const listBoardMembersSchema = listQuerySchema(['createdAt', 'role'], 'createdAt').extend({
  category: z.enum(BOARD_CATEGORIES).optional(),
});

export type CreatePartnership = z.infer<typeof createPartnershipSchema>;
export type UpdatePartnership = z.infer<typeof updatePartnershipSchema>;
export type CreateOrganisation = z.infer<typeof createOrganisationSchema>;
export type UpdateOrganisation = z.infer<typeof updateOrganisationSchema>;
export type ListOrganisations = z.infer<typeof listOrganisationsSchema>;
export type CreateContact = z.infer<typeof createContactSchema>;
export type UpdateContact = z.infer<typeof updateContactSchema>;
export type ListContacts = z.infer<typeof listContactsSchema>;
export type CreateBoard = z.infer<typeof createBoardSchema>;
export type UpdateBoard = z.infer<typeof updateBoardSchema>;
export type ListBoards = z.infer<typeof listBoardsSchema>;
export type AddBoardMember = z.infer<typeof addBoardMemberSchema>;
export type UpdateBoardMember = z.infer<typeof updateBoardMemberSchema>;
export type ListBoardMembers = z.infer<typeof listBoardMembersSchema>;
