import { ContactsState, contactChanges, readContactsSheet, recogniseContactHeader } from './contacts-sheet';
import { readPlanFile } from './plan-file';

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
}

const HEADERS = [
  'Organisation',
  'Organisation also known as',
  'Name',
  'Email',
  'Job title',
  "Manager's email",
  'Role mailbox or person',
  'Default contact',
];

const state: ContactsState = {
  organisations: [{ id: 'police', name: 'West Mercia Police', aliases: ['Police'], defaultContactId: null }],
  contacts: [
    {
      id: 'c1',
      email: 'di.wren@police.example.net',
      name: 'DI Wren',
      jobTitle: 'Detective Inspector',
      organisationId: 'police',
      isRoleMailbox: false,
      managerId: null,
      archivedAt: null,
    },
  ],
};

async function changes(rows: string[][], headers = HEADERS) {
  return contactChanges(readContactsSheet(await readPlanFile(csv([headers, ...rows]))), state);
}

describe('the contacts sheet', () => {
  it.each([
    ['Organisation', 'organisation'],
    ['Organisation name', 'organisation'],
    ['Agency', 'organisation'],
    ['Also known as', 'aliases'],
    ['Full name', 'name'],
    ['Contact name', 'name'],
    ['E-mail address', 'email'],
    ['Job title', 'jobTitle'],
    ['Role', 'jobTitle'],
    ["Line manager's email", 'managerEmail'],
    ['Role mailbox or person', 'roleMailbox'],
    ['Default contact?', 'isDefault'],
  ])('reads %j as %s', (header, field) => {
    expect(recogniseContactHeader(header)).toBe(field);
  });

  it('creates organisations and contacts, matches by email, sets managers and defaults', async () => {
    const result = await changes([
      [
        'Police',
        'WMP; West Mercia Constabulary',
        'DI Wren',
        'DI.Wren@police.example.net',
        'Detective Inspector',
        'supt.hale@police.example.net',
        'Person',
        '',
      ],
      [
        'West Mercia Police',
        '',
        'Superintendent Hale',
        'supt.hale@police.example.net',
        'Superintendent',
        '',
        'Person',
        '',
      ],
      [
        'West Mercia Police',
        '',
        'Public protection unit',
        'ppu@police.example.net',
        'PPU mailbox',
        'supt.hale@police.example.net',
        'Role mailbox',
        'Yes',
      ],
      ['Cranstoun', 'Drive', 'Ola Ade', 'ola.ade@cranstoun.example.org', 'Service manager', '', '', 'yes'],
    ]);
    expect(result.rows.map((r) => [r.row, r.outcome, r.email, r.organisation, r.changes])).toEqual([
      [2, 'updated', 'di.wren@police.example.net', 'West Mercia Police', ['manager']],
      [3, 'created', 'supt.hale@police.example.net', 'West Mercia Police', []],
      [4, 'created', 'ppu@police.example.net', 'West Mercia Police', []],
      [5, 'created', 'ola.ade@cranstoun.example.org', 'Cranstoun', []],
    ]);
    expect(result.organisations).toEqual([
      expect.objectContaining({
        existingId: 'police',
        aliasesAdded: ['WMP', 'West Mercia Constabulary'],
        defaultEmail: 'ppu@police.example.net',
        outcome: 'updated',
      }),
      expect.objectContaining({
        existingId: null,
        name: 'Cranstoun',
        aliases: ['Drive'],
        outcome: 'created',
      }),
    ]);
    // The manager is written before those who report to them.
    const order = result.contacts.map((c) => c.email);
    expect(order.indexOf('supt.hale@police.example.net')).toBeLessThan(
      order.indexOf('ppu@police.example.net'),
    );
    expect(result.contacts.find((c) => c.email === 'ppu@police.example.net')?.data.isRoleMailbox).toBe(true);
  });

  it('reports every problem of a row and plans nothing for it', async () => {
    const result = await changes([
      ['Police', '', 'No email', '', '', '', '', ''],
      ['Police', '', 'Bad email', 'not-an-email', '', '', '', ''],
      ['Police', '', 'A', 'a@police.example.net', '', 'nobody@police.example.net', '', 'Yes'],
      ['Police', '', 'B', 'b@police.example.net', '', '', '', 'Yes'],
      ['', '', 'C', 'a@police.example.net', '', '', '', ''],
      ['', '', 'D', 'd@x.example.org', '', 'e@x.example.org', '', ''],
      ['', '', 'E', 'e@x.example.org', '', 'd@x.example.org', '', ''],
      ['', '', 'F', 'f@x.example.org', '', '', '', 'Yes'],
    ]);
    expect(
      result.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.column, p.code]),
    ).toEqual([
      [2, 'D', 'no-email'],
      [3, 'D', 'bad-email'],
      [4, 'F', 'unknown-manager'],
      [5, 'H', 'two-defaults'],
      [6, 'D', 'duplicate-email'],
      [7, 'F', 'manager-loop'],
      [8, 'F', 'manager-loop'],
      [9, 'H', 'default-without-organisation'],
    ]);
    expect(result.rows.every((r) => r.outcome === 'error')).toBe(true);
    expect(result.contacts).toEqual([]);
  });

  it('leaves what the sheet has no column for, and a sheet without the columns it needs is refused', async () => {
    const result = await changes([['DI Wren', 'di.wren@police.example.net']], ['Name', 'Email']);
    expect(result.rows[0]).toMatchObject({ outcome: 'unchanged', changes: [] });
    await expect(readPlanFile(csv([['Who', 'Where']])).then(readContactsSheet)).rejects.toMatchObject({
      code: 'no-headers',
    });
  });
});
