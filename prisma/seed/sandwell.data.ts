// The demo partnership: Sandwell's Domestic Abuse Strategy 2021-2024, as published by Sandwell Council and
// the Sandwell Domestic Abuse Strategic Partnership (DASP); docs/statutory.md lists it among the council
// documents Waymark was built from. Organisations, themes, outcomes, actions and figures are the
// document's; where we had to interpret, a comment says so.
//
// EVERY PERSON HERE IS FICTIONAL. The document names real people (the foreword's signatories); none of
// them appears below. Board roles and job titles are real kinds of role; the names in them are invented,
// and every email address is on a reserved example domain (example.org / example.net / example.com,
// RFC 2606), so nothing can ever be mailed to a real inbox.
import type {
  BoardCategory,
  DueDateParse,
  KpiDirection,
  KpiEntryCadence,
  KpiFrequency,
  KpiUnit,
  KpiValueStatus,
  OrganisationKind,
} from '@waymark/db';
import type { RagRule } from '@waymark/kpi';

export const SOURCE_DOCUMENT = 'Sandwell Domestic Abuse Strategy 2021-2024 (Sandwell Council / DASP)';

export interface SeedPartnership {
  name: string;
  gssCode: string;
  timezone: string;
  coordinatorEmail: string;
}

export interface SeedOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  aliases: string[];
}

export interface SeedContact {
  key: string;
  /** Organisation key, or null for a contact outside any partner organisation. */
  organisation: string | null;
  name: string;
  email: string;
  jobTitle: string;
  isRoleMailbox?: boolean;
  /** Contact key of their manager (escalation goes there). */
  manager?: string;
}

export interface SeedBoard {
  name: string;
  members: { contact: string; role: string; isChair?: boolean; category: BoardCategory }[];
  /** ISO dates (YYYY-MM-DD); left out, the demo's meetings are set around the day it is loaded. */
  meetings?: string[];
}

export interface SeedStrategy {
  title: string;
  periodStart: string;
  periodEnd: string;
  firstPublishedOn: string;
}

export interface SeedPriority {
  ref: string;
  title: string;
  description: string;
  outcomes: { key: string; text: string }[];
}

export interface SeedAction {
  ref: string;
  /** Priority ref. */
  priority: string;
  /** Outcome key, where the action serves one named outcome. */
  outcome?: string;
  title: string;
  /** The action as the document words it. */
  text: string;
  /** Organisation keys. */
  leadOrganisations: string[];
  /** Contact key. */
  leadContact?: string;
  /** The lead as the document words it, where the action names one. */
  leadText?: string;
  supportingText?: string;
  /** The date as the document words it. */
  dueDateText?: string;
  /** ISO date, where dueDateText could be turned into one. */
  dueDate?: string;
  dueDateParse: DueDateParse;
  /** KPI codes the action is expected to move. */
  kpis?: string[];
}

export interface SeedKpiValue {
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  value: number;
  status: KpiValueStatus;
  note?: string;
  exceptional?: boolean;
}

export interface SeedKpi {
  code: string;
  name: string;
  description: string;
  unit: KpiUnit;
  direction: KpiDirection;
  frequency: KpiFrequency;
  /** How often a figure is entered (docs/kpis.md); every period when left out. */
  entryCadence?: KpiEntryCadence;
  baselineValue?: number;
  baselinePeriod?: string;
  /** Contact key. */
  dataOwner?: string;
  source: string;
  /** Derived KPIs: a formula over other KPIs ({CODE}) and reference figures ({ref:CODE}). */
  formula?: string;
  rag?: RagRule;
  values: SeedKpiValue[];
}

export interface SeedReferenceFigure {
  code: string;
  periodKey: string;
  value: number;
  source: string;
  note?: string;
}

/** A commissioned safe-accommodation service, for the annual return (its provider asked for its figures). */
export interface SeedService {
  name: string;
  /** Organisation key of the provider. */
  provider: string;
  /** A code of the return template's accommodation types, in capitals (REFUGE for refuge). */
  accommodationType: string;
  byAndFor?: boolean;
  specialistGroups?: string[];
  /** Contact key of who sends its figures. */
  dataContact: string;
  bedspaces: number;
}

export interface SeedData {
  partnership: SeedPartnership;
  /** Contact key of a lead the start script can give a first demo action to (one with no request this quarter). */
  exampleLead: string;
  organisations: SeedOrganisation[];
  contacts: SeedContact[];
  board: SeedBoard;
  strategy: SeedStrategy;
  priorities: SeedPriority[];
  actions: SeedAction[];
  kpis: SeedKpi[];
  referenceFigures: SeedReferenceFigure[];
  services: SeedService[];
}

// Financial-year period keys, in the form libs/calendar uses for quarters ("2026-27-Q3" → "2026-27").
const FY2019_20 = { periodKey: '2019-20', periodStart: '2019-04-01', periodEnd: '2020-03-31' };
const FY2020_21 = { periodKey: '2020-21', periodStart: '2020-04-01', periodEnd: '2021-03-31' };

const COVID_NOTE =
  'Pandemic year: the strategy notes a particularly stark rise in reporting during lockdowns.';

export const SANDWELL: SeedData = {
  partnership: {
    name: 'Sandwell',
    gssCode: 'E08000028',
    timezone: 'Europe/London',
    coordinatorEmail: 'da.team@sandwell.example.org',
  },
  // Leads no action, so has no request this quarter: a new action's chase for them runs its whole ladder.
  exampleLead: 'housingOfficer',

  // Appendix A (DASP membership), plus the council services the actions name (Housing Solutions, Adult
  // Social Care), which plans treat as leads in their own right.
  organisations: [
    {
      key: 'council',
      name: 'Sandwell Council',
      kind: 'COUNCIL',
      aliases: [
        'Sandwell Metropolitan Borough Council',
        'Sandwell MBC',
        'SMBC',
        'Local Authority',
        "Sandwell Council's Domestic Abuse Team",
        'Domestic Abuse Team',
      ],
    },
    {
      key: 'housing',
      name: 'Sandwell Council Housing Solutions',
      kind: 'HOUSING',
      aliases: ['Housing Solutions', 'Sandwell Housing', 'Housing', 'Housing Options'],
    },
    {
      key: 'asc',
      name: 'Sandwell Council Adult Social Care',
      kind: 'COUNCIL',
      aliases: ['Adult Social Care', 'ASC', 'Adult Services'],
    },
    {
      key: 'dasp',
      name: 'Sandwell Domestic Abuse Strategic Partnership',
      kind: 'PARTNERSHIP_BODY',
      aliases: [
        'DASP',
        'Domestic Abuse Strategic Partnership',
        'DA Board',
        'Domestic Abuse Partnership Board',
      ],
    },
    {
      key: 'wmp',
      name: 'West Midlands Police',
      kind: 'POLICE',
      aliases: ['WMP', 'Police', 'West Midlands Police Sandwell'],
    },
    {
      key: 'opcc',
      name: 'West Midlands Office of the Police and Crime Commissioner',
      kind: 'POLICE',
      aliases: [
        'WMOPCC',
        'OPCC',
        'WM Office of the Police & Crime Commissioner',
        'Police and Crime Commissioner',
      ],
    },
    {
      key: 'vrp',
      name: 'West Midlands Violence Reduction Partnership',
      kind: 'PARTNERSHIP_BODY',
      aliases: ['WM Violence Reduction Unit', 'VRU', 'Violence Reduction Partnership', 'WMVRP'],
    },
    {
      key: 'probation',
      name: 'Probation Service',
      kind: 'PROBATION',
      aliases: ['National Probation Service', 'HMPPS', 'Probation'],
    },
    {
      key: 'icb',
      name: 'Black Country Integrated Care Board',
      kind: 'HEALTH',
      aliases: ['Black Country ICB', 'NHS Black Country ICB', 'ICB', 'Primary care'],
    },
    {
      key: 'swbh',
      name: 'Sandwell and West Birmingham NHS Trust',
      kind: 'HEALTH',
      aliases: ['Sandwell & West Birmingham NHS Trust', 'SWBH', 'Sandwell Hospital', 'Hospital Trust'],
    },
    {
      key: 'bcpft',
      name: 'Black Country Partnership NHS Foundation Trust',
      kind: 'HEALTH',
      aliases: ['BCPFT', 'Mental Health Trust', 'Black Country Healthcare NHS Foundation Trust'],
    },
    {
      key: 'sct',
      name: "Sandwell Children's Trust",
      kind: 'OTHER',
      aliases: ["Children's Trust", 'SCT', "Children's Social Care"],
    },
    {
      key: 'bcwa',
      name: "Black Country Women's Aid",
      kind: 'CHARITY',
      aliases: ['BCWA', 'Black Country Women’s Aid', 'Black Country Womens Aid'],
    },
    {
      key: 'askmarc',
      name: 'Ask Marc',
      kind: 'CHARITY',
      aliases: ["Men's Assault Referral Centre", 'Ask MARC', 'BCWA Ask Marc'],
    },
    {
      key: 'bhamlgbt',
      name: 'Birmingham LGBT',
      kind: 'CHARITY',
      aliases: ['Birmingham LGBT Centre', 'B’ham LGBT'],
    },
    {
      key: 'familyaction',
      name: 'Family Action',
      kind: 'CHARITY',
      aliases: ['Families Together'],
    },
    { key: 'cranstoun', name: 'Cranstoun', kind: 'CHARITY', aliases: [] },
    { key: 'richmond', name: 'Richmond Fellowship', kind: 'CHARITY', aliases: [] },
    {
      key: 'victimsupport',
      name: 'Sandwell Victim Support',
      kind: 'CHARITY',
      aliases: ['Victim Support'],
    },
    {
      key: 'schools',
      name: 'Primary & Secondary Schools Head Teachers Representative',
      kind: 'EDUCATION',
      aliases: ['Schools', 'Head Teachers Representative', 'Schools and colleges'],
    },
    {
      key: 'ssp',
      name: 'Safer Sandwell Partnership Police & Crime Board',
      kind: 'PARTNERSHIP_BODY',
      aliases: ['Safer Sandwell Partnership', 'SSP', 'Community Safety Partnership', 'CSP'],
    },
    {
      key: 'scsp',
      name: 'Sandwell Children Safeguarding Partnership',
      kind: 'PARTNERSHIP_BODY',
      aliases: [
        "Sandwell Children's Safeguarding Partnership",
        "Children's Safeguarding Partnership",
        'SCSP',
      ],
    },
    {
      key: 'ssab',
      name: 'Sandwell Safeguarding Adults Board',
      kind: 'PARTNERSHIP_BODY',
      aliases: ['Safeguarding Adults Board', 'SSAB', 'SAB'],
    },
    {
      key: 'hwb',
      name: 'Sandwell Health & Wellbeing Board',
      kind: 'PARTNERSHIP_BODY',
      aliases: ['Health and Wellbeing Board', 'HWB'],
    },
  ],

  // Fictional people (see the top of this file).
  contacts: [
    {
      key: 'director',
      organisation: 'council',
      name: 'Helena Marchbank',
      email: 'helena.marchbank@sandwell.example.org',
      jobTitle: 'Director of Borough Economy',
    },
    {
      key: 'daLead',
      organisation: 'council',
      name: 'Rafiq Oyelaran-Hale',
      email: 'rafiq.oyelaran-hale@sandwell.example.org',
      jobTitle: 'Domestic Abuse Strategic Lead',
      manager: 'director',
    },
    {
      key: 'daTeam',
      organisation: 'council',
      name: 'Sandwell Domestic Abuse Team',
      email: 'da.team@sandwell.example.org',
      jobTitle: 'Domestic abuse commissioning and coordination team',
      isRoleMailbox: true,
      manager: 'daLead',
    },
    {
      key: 'commissioning',
      organisation: 'council',
      name: 'Bethany Quillfeather',
      email: 'bethany.quillfeather@sandwell.example.org',
      jobTitle: 'Commissioning Manager (Domestic Abuse and Supported Accommodation)',
      manager: 'daLead',
    },
    {
      key: 'marac',
      organisation: 'council',
      name: 'Sandwell MARAC Coordinator',
      email: 'marac@sandwell.example.org',
      jobTitle: 'MARAC coordination mailbox',
      isRoleMailbox: true,
      manager: 'daLead',
    },
    {
      key: 'housingManager',
      organisation: 'housing',
      name: 'Tobias Wrenfield',
      email: 'tobias.wrenfield@housing.sandwell.example.org',
      jobTitle: 'Housing Solutions Manager',
    },
    {
      key: 'housingOfficer',
      organisation: 'housing',
      name: 'Kiran Bellweather',
      email: 'kiran.bellweather@housing.sandwell.example.org',
      jobTitle: 'Housing Solutions Performance Officer',
      manager: 'housingManager',
    },
    {
      key: 'ascLead',
      organisation: 'asc',
      name: 'Marguerite Ashdown-Pryce',
      email: 'marguerite.ashdown-pryce@sandwell.example.org',
      jobTitle: 'Principal Social Worker, Adult Safeguarding',
    },
    {
      key: 'policeSupt',
      organisation: 'wmp',
      name: 'Chief Superintendent Dominic Farrowgate',
      email: 'dominic.farrowgate@police.example.net',
      jobTitle: 'Sandwell Local Policing Area Commander',
    },
    {
      key: 'policeAnalyst',
      organisation: 'wmp',
      name: 'Aisha Merrivale',
      email: 'aisha.merrivale@police.example.net',
      jobTitle: 'Performance Analyst, Public Protection',
      manager: 'policeSupt',
    },
    {
      key: 'opccOfficer',
      organisation: 'opcc',
      name: 'Gareth Pennywhistle',
      email: 'gareth.pennywhistle@opcc.example.net',
      jobTitle: 'Victims Commissioning Officer',
    },
    {
      key: 'probationLead',
      organisation: 'probation',
      name: 'Noreen Castlebrook',
      email: 'noreen.castlebrook@probation.example.net',
      jobTitle: 'Head of Sandwell Probation Delivery Unit',
    },
    {
      key: 'icbNurse',
      organisation: 'icb',
      name: 'Dr Imogen Saltaire',
      email: 'imogen.saltaire@icb.example.net',
      jobTitle: 'Designated Nurse, Safeguarding Adults',
    },
    {
      key: 'swbhSafeguarding',
      organisation: 'swbh',
      name: 'Colm Underhay',
      email: 'colm.underhay@swbh.example.net',
      jobTitle: 'Head of Safeguarding',
    },
    {
      key: 'bcpftLead',
      organisation: 'bcpft',
      name: 'Priyanka Dovecote',
      email: 'priyanka.dovecote@bcpft.example.net',
      jobTitle: 'Safeguarding Lead, Mental Health Services',
    },
    {
      key: 'sctManager',
      organisation: 'sct',
      name: 'Lowri Featherstonehaugh',
      email: 'lowri.featherstonehaugh@childrenstrust.example.org',
      jobTitle: 'Service Manager, Multi-Agency Safeguarding Hub',
    },
    {
      key: 'bcwaCeo',
      organisation: 'bcwa',
      name: 'Yvette Harrowgate',
      email: 'yvette.harrowgate@bcwa.example.org',
      jobTitle: 'Chief Executive',
    },
    {
      key: 'bcwaServices',
      organisation: 'bcwa',
      name: 'Sunita Blackwood-Lyle',
      email: 'sunita.blackwood-lyle@bcwa.example.org',
      jobTitle: 'Head of Accommodation and Community Services',
      manager: 'bcwaCeo',
    },
    {
      key: 'bcwaIris',
      organisation: 'bcwa',
      name: 'IRIS Advocate Educator',
      email: 'iris@bcwa.example.org',
      jobTitle: 'IRIS programme (primary care) team mailbox',
      isRoleMailbox: true,
      manager: 'bcwaServices',
    },
    {
      key: 'askMarcLead',
      organisation: 'askmarc',
      name: 'Owain Thistlewood',
      email: 'owain.thistlewood@askmarc.example.org',
      jobTitle: 'Service Lead',
    },
    {
      key: 'lgbtLead',
      organisation: 'bhamlgbt',
      name: 'Jules Fairweather-Okafor',
      email: 'jules.fairweather-okafor@bhamlgbt.example.org',
      jobTitle: 'Domestic Abuse Services Manager',
    },
    {
      key: 'familyActionLead',
      organisation: 'familyaction',
      name: 'Morwenna Tillbrook',
      email: 'morwenna.tillbrook@familyaction.example.org',
      jobTitle: 'Families Together Service Manager',
    },
    {
      key: 'schoolsRep',
      organisation: 'schools',
      name: 'Desmond Quarrington',
      email: 'desmond.quarrington@schools.example.org',
      jobTitle: 'Head Teacher (schools representative)',
    },
    {
      key: 'sspManager',
      organisation: 'ssp',
      name: 'Felicity Drummond-Ashe',
      email: 'felicity.drummond-ashe@sandwell.example.org',
      jobTitle: 'Safer Sandwell Partnership Manager (Domestic Homicide Reviews)',
    },
    {
      key: 'survivorRep',
      organisation: 'dasp',
      name: "Victims' and Survivors' Representative",
      email: 'survivor.voice@dasp.example.org',
      jobTitle: 'Board seat held by a survivor representative (role mailbox, no personal details)',
      isRoleMailbox: true,
    },
  ],

  // The DASP is Sandwell's s.58 Local Partnership Board. Fictional holders of real kinds of seat.
  board: {
    name: 'Sandwell Domestic Abuse Strategic Partnership',
    members: [
      { contact: 'director', role: 'Chair', isChair: true, category: 'LOCAL_AUTHORITY' },
      { contact: 'policeSupt', role: 'Vice-chair', category: 'POLICING_CRIMINAL_JUSTICE' },
      { contact: 'daLead', role: 'Member (strategic lead)', category: 'LOCAL_AUTHORITY' },
      { contact: 'probationLead', role: 'Member', category: 'POLICING_CRIMINAL_JUSTICE' },
      { contact: 'icbNurse', role: 'Member', category: 'HEALTH' },
      { contact: 'swbhSafeguarding', role: 'Member', category: 'HEALTH' },
      { contact: 'housingManager', role: 'Member', category: 'HOUSING' },
      { contact: 'sctManager', role: 'Member', category: 'CHILDREN_OF_VICTIMS' },
      { contact: 'bcwaCeo', role: 'Member', category: 'CHARITY_VOLUNTARY' },
      { contact: 'lgbtLead', role: 'Member', category: 'PROTECTED_CHARACTERISTICS' },
      { contact: 'survivorRep', role: "Victims' representative", category: 'VICTIMS' },
      { contact: 'schoolsRep', role: 'Member', category: 'OTHER' },
    ],
    // Quarterly, on Wednesdays: the demo sets them around the day it is loaded (demo-history.ts).
  },

  strategy: {
    title: 'Sandwell Domestic Abuse Strategy 2021-2024',
    // "Strategy 2021-2024"; its funding section runs by financial year (2021-22 to 2023-24).
    periodStart: '2021-04-01',
    periodEnd: '2024-03-31',
    // Approximation. The document gives no publication date for itself; it says the safe accommodation
    // strategy (the statutory Part 4 strategy it incorporates) was published in final form in January
    // 2022, which starts the reg 4 three-year review clock. Day unknown: the 1st, the conservative choice.
    firstPublishedOn: '2022-01-01',
  },

  // The three themes ("What We Will Do"). The document lists outcomes only for Theme 3 (its three
  // sub-themes); for Themes 1 and 2 the outcomes are the vision statements and the "Key Things We Need to
  // Do" commitment the themes serve, quoted. Descriptions are the matching cross-cutting objectives.
  priorities: [
    {
      ref: '1',
      title: 'Early intervention and enhanced survivor and whole family support',
      description:
        'Sandwell will develop further our support for families and survivors of domestic abuse, ensuring this ' +
        'meets the needs of all our residents regardless of age, disability, gender reassignment, marriage and ' +
        'civil partnership, pregnancy and maternity, race, religion or belief, sex and sexual orientation. This ' +
        'will include ensuring services focus also on challenging perpetrator behaviour, making them responsible ' +
        'for their actions.',
      outcomes: [
        {
          key: '1a',
          text: 'Victims receive the right support first time using a One Chance Philosophy.',
        },
        {
          key: '1b',
          text: 'Perpetrators are held accountable for their actions and supported to change their behaviour.',
        },
        {
          key: '1c',
          text: 'Communities are aware and are actively engaged in preventing and reducing domestic abuse/sexual assault and abuse.',
        },
      ],
    },
    {
      ref: '2',
      title: 'Joint working and partnership focus',
      description:
        'Partners within Sandwell will enhance their working relationships to ensure that all play their full ' +
        'part in providing an ongoing duty of care to survivors and their families. All survivors should receive ' +
        'a consistent, trauma-informed and supportive response to domestic abuse disclosure. In order to achieve ' +
        'this, professionals within our organisations will be supported to enhance their knowledge of domestic ' +
        'abuse issues, the availability of specialist services and how they can make a difference.',
      outcomes: [
        {
          key: '2a',
          text:
            'Victims/survivors and families are supported by excellent organisations working in partnership to ' +
            'ensure a co-ordinated community response where victims feel protected, safe and secure and recover from trauma.',
        },
        {
          key: '2b',
          text: 'The voices of victims/survivors (adults and children) are central to and fully inform our work.',
        },
      ],
    },
    {
      ref: '3',
      title: 'Safe accommodation',
      description:
        'Sandwell will continue to invest in our high-quality safe accommodation offer to ensure we provide ' +
        'sufficient capacity to meet demand. We will strive to improve the support offered within safe ' +
        'accommodation still further, including the availability of therapeutic services for survivors and their children.',
      outcomes: [
        { key: '3.1', text: "Improving the survivors' recovery journey" },
        { key: '3.2', text: 'Enhancing the ability for survivors to stay in their own home' },
        { key: '3.3', text: 'Developing a more responsive and cohesive system' },
      ],
    },
  ],

  // Every "We will" action of "What We Will Do", in the document's order. Titles are ours; texts are the
  // document's. The document has no lead or date columns (it refers to a separate implementation plan):
  // lead organisations are those the text names or clearly implies; leadText is set only where the text
  // itself names the lead; dates only where the text gives one.
  actions: [
    // Theme 1 - Early intervention and enhanced survivor and whole family support
    {
      ref: '1.1',
      priority: '1',
      outcome: '1a',
      title: 'Refresher IRIS training in primary care',
      text:
        'Undertake further refresher IRIS training within primary care. This will have the aim of gaining greater ' +
        'primary care ownership of the domestic abuse agenda to ensure that all practice staff understand the ' +
        'broadening definition of domestic abuse and their responsibilities to support disclosures.',
      leadOrganisations: ['bcwa', 'icb'],
      leadContact: 'bcwaIris',
      supportingText: 'GP practices (primary care)',
      dueDateParse: 'NONE',
    },
    {
      ref: '1.2',
      priority: '1',
      outcome: '1a',
      title: 'Develop the early intervention side of IRIS',
      text:
        'Continue to promote and develop the early intervention aspect of the IRIS programme. This will include ' +
        'further proactive engagement work with GPs around supporting disclosures through remote appointments, ' +
        'exploring the possibility of using primary care venues as safe spaces for reporting domestic abuse and ' +
        'expanding the training to other healthcare settings and services such as sexual health services and ' +
        'maternity navigators.',
      leadOrganisations: ['bcwa', 'icb'],
      leadContact: 'bcwaIris',
      supportingText: 'Sexual health services; maternity navigators',
      dueDateParse: 'NONE',
    },
    {
      ref: '1.3',
      priority: '1',
      outcome: '1a',
      title: 'Reintroduce a dedicated court IDVA',
      text:
        'Seek to reintroduce a dedicated court IDVA providing a supportive court presence for survivors and enable ' +
        'more expedient safety planning. As Sandwell does not have its own dedicated court, the potential ' +
        'development of this IDVA will engage with other regional partners.',
      leadOrganisations: ['council'],
      leadContact: 'commissioning',
      supportingText: 'Other regional partners',
      dueDateParse: 'NONE',
    },
    {
      ref: '1.4',
      priority: '1',
      outcome: '1b',
      title: 'Family-focused perpetrator intervention model',
      text:
        'Work with local and regional partners to develop an integrated and flexible perpetrator intervention ' +
        'model which embraces a family-focused approach.',
      leadOrganisations: ['council', 'probation'],
      leadContact: 'daLead',
      supportingText: 'Local and regional partners (West Midlands Violence Reduction Partnership, WMOPCC)',
      dueDateParse: 'NONE',
    },
    {
      ref: '1.5',
      priority: '1',
      outcome: '1a',
      title: 'Sustainable specialist support offer for survivors’ families',
      text:
        'Examine how to implement a more systematic specialist service offer for the families of survivors. This ' +
        'needs to be a longer-term sustainable support offer that is holistic and collaborative in focus and based ' +
        'on effective case management, recognising that many of the services that do provide support for children ' +
        'in particular are developed through short-term funding regimes.',
      leadOrganisations: ['council', 'sct'],
      leadContact: 'commissioning',
      supportingText: 'Family Action (Families Together)',
      dueDateParse: 'NONE',
    },
    {
      ref: '1.6',
      priority: '1',
      outcome: '1c',
      title: 'Expand healthy relationships work in schools and colleges',
      text:
        'Seek to expand healthy relationships work in schools and colleges covering appropriate behaviours and ' +
        'relationships.',
      leadOrganisations: ['schools'],
      leadContact: 'schoolsRep',
      dueDateParse: 'NONE',
    },
    {
      ref: '1.7',
      priority: '1',
      outcome: '1a',
      title: 'Continuous single- and multi-agency training and awareness',
      text:
        'Ensure that training and awareness raising work with our partners will be continuous and delivered in ' +
        'both single and multi-agency settings in order to maximise understanding of domestic abuse, how to ' +
        'support disclosures and knowledge of specialist services and referral pathways. Developing further the ' +
        'one-chance philosophy will be a key focus.',
      leadOrganisations: ['council'],
      leadContact: 'daTeam',
      supportingText: 'All partners',
      dueDateText: 'continuous',
      dueDateParse: 'UNPARSED',
    },
    {
      ref: '1.8',
      priority: '1',
      title: "Review Children's Trust domestic abuse data",
      text:
        "Review Children's Trust data relating to domestic abuse contacts and single assessments on an ongoing " +
        'basis in order to provide assurance to the Domestic Abuse Strategic Partnership that families ' +
        'experiencing domestic abuse are being identified and managed effectively.',
      leadOrganisations: ['sct'],
      leadContact: 'sctManager',
      leadText: "Children's Trust",
      supportingText: 'Reports to the Domestic Abuse Strategic Partnership',
      dueDateText: 'on an ongoing basis',
      dueDateParse: 'UNPARSED',
    },
    {
      ref: '1.9',
      priority: '1',
      title: 'Learn from domestic homicide and serious case reviews',
      text:
        'Utilise learning and lessons from domestic homicide and serious case reviews, including the sharing of ' +
        'good practice to influence and improve our services.',
      leadOrganisations: ['ssp', 'scsp', 'ssab'],
      leadContact: 'sspManager',
      dueDateParse: 'NONE',
    },

    // Theme 2 - Joint working and partnership focus
    {
      ref: '2.1',
      priority: '2',
      outcome: '2a',
      title: 'BCWA and grassroots organisations working together',
      text:
        'Encourage cooperation and collaborative partnership working between BCWA and grassroots organisations. ' +
        'There is a need to ensure in developing this that the roles and responsibilities of each organisation ' +
        'are clearly delineated; this can include the grassroots organisations providing initial support as long ' +
        'as sufficient training has been provided.',
      leadOrganisations: ['bcwa'],
      leadContact: 'bcwaServices',
      leadText: 'BCWA and grassroots organisations',
      dueDateParse: 'NONE',
    },
    {
      ref: '2.2',
      priority: '2',
      outcome: '2a',
      title: 'Mobilise the third sector for harder-to-reach communities',
      text:
        'Encourage the development and mobilisation of the third sector to enhance the service offer for ' +
        'harder-to-reach communities.',
      // No lead named or implied: left unowned, as real plans often are.
      leadOrganisations: [],
      dueDateParse: 'NONE',
    },
    {
      ref: '2.3',
      priority: '2',
      outcome: '2a',
      title: 'Partner policies that recognise the one-chance philosophy',
      text:
        'Ensure that policies, procedures and practice within partner agencies recognise the one-chance ' +
        'philosophy in order to support survivors effectively and consistently to make disclosures.',
      leadOrganisations: ['dasp'],
      supportingText: 'All partner agencies',
      dueDateParse: 'NONE',
    },
    {
      ref: '2.4',
      priority: '2',
      title: 'Publicity campaigns for men and LGBT+ communities',
      text:
        'Focus future publicity and awareness raising campaigns on men and LGBT+ communities, especially as ' +
        'dedicated support is being made available for these population groups. Challenging perpetrator ' +
        'behaviour will also be a part of this future programme.',
      leadOrganisations: ['council'],
      leadContact: 'daTeam',
      supportingText: 'Ask Marc; Birmingham LGBT',
      dueDateParse: 'NONE',
      kpis: ['WMP-DA-INCIDENTS'],
    },
    {
      ref: '2.5',
      priority: '2',
      outcome: '2a',
      title: 'More referrals to IDVA services and MARAC from non-police partners',
      text:
        'Concentrate further partnership activity upon enhancing the level of referrals from non-Police partners ' +
        'to IDVA services and MARAC (including from Housing, Adult Social Care and Mental Health Trust), and ' +
        'improving the flagging of domestic abuse within safeguarding adult cases (especially where the ' +
        'perpetrator is not a partner or ex-partner).',
      leadOrganisations: ['housing', 'asc', 'bcpft'],
      leadContact: 'ascLead',
      leadText: 'Housing, Adult Social Care and Mental Health Trust',
      supportingText: 'Sandwell Safeguarding Adults Board; MARAC',
      dueDateParse: 'NONE',
      kpis: ['MARAC-REPEAT-RATE'],
    },
    {
      ref: '2.6',
      priority: '2',
      outcome: '2a',
      title: 'Compatible information systems and better data exchange',
      text:
        'Seek to improve the suitability and compatibility of information systems to improve the efficiency and ' +
        'effectiveness of data and data exchange. This will include greater recording of protected ' +
        'characteristics and geographic data at a small area level.',
      leadOrganisations: [],
      dueDateParse: 'NONE',
    },
    {
      ref: '2.7',
      priority: '2',
      outcome: '2a',
      title: 'Outcome-focused, victim-centred domestic abuse system',
      text:
        'Establish an outcome focused (victim-centred) domestic abuse system to ensure ongoing links and a mutual ' +
        'duty of care between services throughout the victim journey. Better information exchange will be ' +
        'examined as a focal point of future commissioning and support. One result of achieving this goal could ' +
        'comprise the introduction of a single domestic abuse monitoring system.',
      leadOrganisations: ['council'],
      leadContact: 'commissioning',
      dueDateParse: 'NONE',
    },
    {
      ref: '2.8',
      priority: '2',
      outcome: '2b',
      title: 'Strengthen the survivor voice',
      text:
        'Seek to enhance and strengthen the survivor voice in the future. A sustainable and meaningful engagement ' +
        'model will be developed to ensure that their experiences are routinely integrated into the design of ' +
        'services and responses.',
      leadOrganisations: ['dasp', 'council'],
      leadContact: 'daLead',
      dueDateParse: 'NONE',
    },

    // Theme 3 - Safe accommodation. 3.1 Improving the survivors' recovery journey
    {
      ref: '3.1.1',
      priority: '3',
      outcome: '3.1',
      title: "Children's support in safe accommodation",
      text:
        "Address the gap in relation to children's support in safe accommodation. New Burdens funding will be " +
        'used for two posts in 2021/22 but longer-term planning will be undertaken to ensure sustainability.',
      leadOrganisations: ['council', 'bcwa'],
      leadContact: 'commissioning',
      supportingText: 'New Burdens funding (two posts)',
      dueDateText: '2021/22',
      dueDate: '2022-03-31',
      dueDateParse: 'PARSED',
    },
    {
      ref: '3.1.2',
      priority: '3',
      outcome: '3.1',
      title: 'Therapeutic, psychologically informed support',
      text:
        'Develop an offer for a therapeutic resource or more psychologically informed services (e.g. a visiting ' +
        'clinical psychologist) that can be accessed in safe accommodation or through the resettlement period in ' +
        'a timely manner.',
      leadOrganisations: ['council'],
      leadContact: 'commissioning',
      supportingText: "Black Country Women's Aid",
      dueDateParse: 'NONE',
    },
    {
      ref: '3.1.3',
      priority: '3',
      outcome: '3.1',
      title: 'Commission a domestic abuse resettlement service',
      text:
        'Commission a dedicated domestic abuse service to support resettlement for survivors, preserving ' +
        'specialist support throughout the safe accommodation journey. The resettlement service could also be ' +
        'used to support other specific cohorts, such as teenage parents leaving supported accommodation and ' +
        'survivors who have presented as homeless who have been rapidly moved to a new permanent tenancy.',
      leadOrganisations: ['council'],
      leadContact: 'commissioning',
      dueDateParse: 'NONE',
      kpis: ['DA-HOMELESSNESS'],
    },
    {
      ref: '3.1.4',
      priority: '3',
      outcome: '3.1',
      title: 'Safe accommodation offer and marketing for male victims',
      text:
        'Explore further the service offer and its marketing for male victims. There is an absolute paucity of ' +
        'male referrals for safe accommodation and homelessness presentations for domestic abuse. The BCWA ' +
        "'Ask Marc' male service which was launched in late 2021 should improve accessibility of services and " +
        'provide greater awareness of the availability of dispersed safe accommodation. This should be bolstered ' +
        'through a combined communications initiative between BCWA and Sandwell Council/DASP.',
      leadOrganisations: ['bcwa', 'council'],
      leadContact: 'bcwaServices',
      leadText: 'BCWA and Sandwell Council/DASP',
      supportingText: 'Ask Marc',
      dueDateParse: 'NONE',
    },
    {
      ref: '3.1.5',
      priority: '3',
      outcome: '3.1',
      title: 'Wraparound support in short-term temporary accommodation',
      text:
        'Develop a domestic abuse specialist service to provide wraparound support for any domestic abuse ' +
        'survivors in short-term temporary accommodation, bringing a continuity of care through to refuge and ' +
        'resettlement.',
      leadOrganisations: ['housing', 'council'],
      leadContact: 'housingManager',
      dueDateParse: 'NONE',
      kpis: ['DA-HOMELESSNESS'],
    },

    // 3.2 Enhancing the ability for survivors to stay in their own home
    {
      ref: '3.2.1',
      priority: '3',
      outcome: '3.2',
      title: 'A full, tenure-neutral Sanctuary scheme',
      text:
        'Support survivors to stay in their own homes and provide enhanced security and feelings of safety for ' +
        'survivors moving to new properties by working towards the instigation of a full Sanctuary scheme. The ' +
        'current scheme, despite being tenure neutral, does not appear to be well known outside of Local ' +
        'Authority departments. A Sanctuary scheme would also bring an even more holistic service for survivors ' +
        'than is currently in place, combining physical security with safety planning and integrated support from ' +
        'a specialist domestic abuse provider.',
      leadOrganisations: ['housing'],
      leadContact: 'housingManager',
      supportingText: 'Specialist domestic abuse provider',
      dueDateParse: 'NONE',
      kpis: ['DA-HOMELESSNESS'],
    },
    {
      ref: '3.2.2',
      priority: '3',
      outcome: '3.2',
      title: 'Review policies on rehousing perpetrators',
      text:
        'Undertake a review, where necessary, of policies, practice and procedures relating to the rehousing of ' +
        'perpetrators. This will have the aim of establishing a more robust case management system to make ' +
        'rehousing a more viable option.',
      leadOrganisations: ['housing'],
      leadContact: 'housingManager',
      dueDateParse: 'NONE',
    },

    // 3.3 Developing a more responsive and cohesive system
    {
      ref: '3.3.1',
      priority: '3',
      outcome: '3.3',
      title: 'Open conversations through the Housing Solutions redesign',
      text:
        'Use the Sandwell Council Housing Solutions redesign and training regime to foster a culture of enhanced ' +
        'and open conversations with survivors to remove ambiguity from the system and promote transparency ' +
        'concerning processes and housing outcomes. This is due to a number of survivors feeling uncertain and ' +
        'insecure about the bidding and direct offer processes despite the proactive Housing IDVA role.',
      leadOrganisations: ['housing'],
      leadContact: 'housingManager',
      leadText: 'Sandwell Council Housing Solutions',
      dueDateParse: 'NONE',
    },
    {
      ref: '3.3.2',
      priority: '3',
      outcome: '3.3',
      title: 'Additional housing staff for communication with survivors',
      text:
        'Introduce additional housing staff to maximise communications with survivors and system efficiency. This ' +
        'will be particularly beneficial in preserving dialogue and support for survivors in out-of-area refuges.',
      leadOrganisations: ['housing'],
      leadContact: 'housingManager',
      dueDateParse: 'NONE',
    },
    {
      ref: '3.3.3',
      priority: '3',
      outcome: '3.3',
      title: 'All agencies review their role in recovery',
      text:
        'Continue to develop ownership by asking all agencies with a role in recovery to systematically review ' +
        'their processes. It is crucial for an effective recovery journey that safe accommodation becomes a ' +
        "'process' for multi-disciplinary support for survivors, rather than being seen as an end point, where " +
        "other agencies' duties of care are discharged. All partners will reaffirm their commitment to developing " +
        'the best outcomes for individuals.',
      leadOrganisations: ['dasp'],
      supportingText: 'All agencies with a role in recovery',
      dueDateParse: 'NONE',
    },
    {
      ref: '3.3.4',
      priority: '3',
      outcome: '3.3',
      title: 'Domestic abuse standards for supported accommodation providers',
      text:
        'Raise standards and consistency of the process for accessing support and working with survivors of ' +
        'domestic abuse for supported accommodation providers. This will include mandating domestic abuse ' +
        'training within the commissioning of supported accommodation providers. This will increase staff ' +
        'knowledge of referral pathways and enable them to support domestic abuse disclosures more proactively.',
      leadOrganisations: ['council'],
      leadContact: 'commissioning',
      supportingText: 'Supported accommodation providers',
      dueDateParse: 'NONE',
    },
    {
      ref: '3.3.5',
      priority: '3',
      outcome: '3.3',
      title: 'Communicate the safe accommodation offer to partners',
      text:
        "Use Sandwell Council's Domestic Abuse Team to co-ordinate communication work with partners to ensure " +
        'there is awareness of the safe accommodation available and the nature of support offered, addressing the ' +
        'decline in the overall number of referrals for Sandwell residents.',
      leadOrganisations: ['council'],
      leadContact: 'daTeam',
      leadText: "Sandwell Council's Domestic Abuse Team",
      dueDateParse: 'NONE',
    },
    {
      ref: '3.3.6',
      priority: '3',
      outcome: '3.3',
      title: 'Position statement on safe accommodation for working survivors',
      text:
        'Remove the barrier preventing working survivors from entering safe accommodation. We will produce a ' +
        'clear position statement for all relevant agencies in Sandwell detailing how working/homeowner survivors ' +
        'can access safe accommodation provision.',
      leadOrganisations: ['council', 'housing'],
      leadContact: 'daLead',
      supportingText: 'All relevant agencies in Sandwell',
      dueDateParse: 'NONE',
    },
  ],

  // "Performance Monitoring and Key Performance Indicators": the three indicators the strategy names, with
  // the figures it gives (the MARAC one split into its two counts and the derived percentage), a derived rate
  // per 1,000 population, and two indicators the needs assessment summary measures.
  kpis: [
    {
      code: 'WMP-DA-INCIDENTS',
      name: 'Domestic abuse crimes and incidents reported to West Midlands Police',
      description:
        'The number of domestic abuse crimes and incidents reported to West Midlands Police (Sandwell). The ' +
        'strategy expects reporting to keep rising and reads a rise as better reporting as much as more abuse; ' +
        'it also cites 10,008 domestic abuse "episodes" logged in 2020/21, a different count.',
      unit: 'COUNT',
      direction: 'NEUTRAL',
      frequency: 'FINANCIAL_YEAR',
      baselineValue: 7522,
      baselinePeriod: '2020-21',
      dataOwner: 'policeAnalyst',
      source: 'West Midlands Police',
      values: [
        {
          ...FY2019_20,
          value: 5688,
          status: 'CONFIRMED',
          note: '18 incidents per 1,000 population.',
        },
        {
          ...FY2020_21,
          value: 7522,
          status: 'CONFIRMED',
          note: `24 incidents per 1,000 population; up 32.2% on 2019/20. ${COVID_NOTE}`,
          exceptional: true,
        },
      ],
    },
    {
      code: 'WMP-DA-INCIDENTS-PER-1000',
      name: 'Domestic abuse crimes and incidents per 1,000 population',
      description:
        'Derived from the police count and the population of the year. The strategy reports 18 (2019/20) and 24 ' +
        '(2020/21) per 1,000, and 29 per 1,000 for the West Midlands as a whole in 2020/21 (ONS).',
      unit: 'RATE_PER_1000',
      direction: 'NEUTRAL',
      frequency: 'FINANCIAL_YEAR',
      source: 'Derived: West Midlands Police count / ONS population',
      formula: '{WMP-DA-INCIDENTS} / {ref:POPULATION} * 1000',
      values: [],
    },
    {
      code: 'MARAC-CASES',
      name: 'High-risk MARAC cases heard',
      description:
        'The number of high-risk domestic abuse cases heard at Sandwell MARAC, the denominator of the repeat rate. ' +
        'The strategy names the indicator but gives no count. Counted by quarter, as SafeLives publishes MARAC data.',
      unit: 'COUNT',
      direction: 'NEUTRAL',
      frequency: 'QUARTERLY',
      dataOwner: 'marac',
      source: 'Sandwell MARAC (SafeLives data)',
      values: [],
    },
    {
      code: 'MARAC-REPEAT-CASES',
      name: 'Repeat cases heard at MARAC',
      description:
        'Cases heard at Sandwell MARAC within a year of a previous referral (SafeLives definition of a repeat). The ' +
        'strategy gives no count. Counted by quarter; the repeat rate adds up the four quarters of a year.',
      unit: 'COUNT',
      direction: 'NEUTRAL',
      frequency: 'QUARTERLY',
      dataOwner: 'marac',
      source: 'Sandwell MARAC (SafeLives data)',
      values: [],
    },
    {
      code: 'MARAC-REPEAT-RATE',
      name: 'High-risk MARAC cases: percentage of repeat cases',
      description:
        'The strategy names "the number of high-risk MARAC victims and the percentage of repeat cases"; the ' +
        'percentage is derived from the two counts. For 2020/21 the strategy gives only the published rate (38%), ' +
        'which is kept as entered. RAG: SafeLives benchmark for an effective MARAC, 28-40%, is green (a lower rate ' +
        "usually means repeat victims are not being identified and re-referred); 25-45% amber is this demo's choice.",
      unit: 'PERCENTAGE',
      direction: 'NEUTRAL',
      frequency: 'FINANCIAL_YEAR',
      baselineValue: 38,
      baselinePeriod: '2020-21',
      dataOwner: 'marac',
      source: 'Sandwell MARAC (SafeLives data)',
      formula: '{MARAC-REPEAT-CASES} / {MARAC-CASES} * 100',
      rag: { kind: 'THRESHOLDS', green: { min: 28, max: 40 }, amber: { min: 25, max: 45 } },
      values: [
        {
          ...FY2020_21,
          value: 38,
          status: 'CONFIRMED',
          note: `Quarter 4 2020/21 alone: 50.2%, which the strategy says could be an anomaly. ${COVID_NOTE}`,
          exceptional: true,
        },
      ],
    },
    {
      code: 'DA-HOMELESSNESS',
      name: 'Domestic abuse survivors who are homeless or at risk of homelessness',
      description:
        'The number of domestic abuse survivors who are homeless or at risk of homelessness, counted as domestic ' +
        'abuse homeless presentations to the Local Authority (Housing Solutions).',
      unit: 'COUNT',
      direction: 'LOWER_IS_BETTER',
      frequency: 'FINANCIAL_YEAR',
      baselineValue: 276,
      baselinePeriod: '2020-21',
      dataOwner: 'housingOfficer',
      source: 'Sandwell Council Housing Solutions',
      // Against the yearly target the demo sets (demo-history.ts): within 10% short of it is amber.
      rag: { kind: 'TOLERANCE', tolerance: 0.1 },
      values: [
        {
          ...FY2020_21,
          value: 276,
          status: 'CONFIRMED',
          note:
            'Domestic abuse homeless presentations; almost twice the 2018/19 level, and up in each of the last ' +
            `three years. ${COVID_NOTE}`,
          exceptional: true,
        },
      ],
    },
    {
      code: 'ASC-SAFEGUARDING-DA-FLAGGED',
      name: 'Adult safeguarding referrals with a family-member perpetrator flagged as domestic abuse',
      description:
        'The percentage of Adult Social Care safeguarding referrals where the perpetrator is a family member that ' +
        'are flagged specifically as domestic abuse. The needs assessment asks for further improvement.',
      unit: 'PERCENTAGE',
      direction: 'HIGHER_IS_BETTER',
      frequency: 'FINANCIAL_YEAR',
      baselineValue: 45.4,
      baselinePeriod: '2020-21',
      dataOwner: 'ascLead',
      source: 'Sandwell Council Adult Social Care',
      // Against the yearly target the demo sets (demo-history.ts): within 10% short of it is amber.
      rag: { kind: 'TOLERANCE', tolerance: 0.1 },
      values: [
        {
          ...FY2020_21,
          value: 45.4,
          status: 'CONFIRMED',
          note: 'Where the perpetrator is a family member other than a partner or ex-partner: 29.6%.',
        },
      ],
    },
    {
      code: 'SA-REFERRALS-SANDWELL-SHARE',
      name: 'Safe accommodation referrals made for Sandwell residents (share of all referrals)',
      description:
        'The percentage of all referrals for safe accommodation that were for Sandwell residents. The strategy ' +
        'plans communication work to address the decline.',
      unit: 'PERCENTAGE',
      direction: 'HIGHER_IS_BETTER',
      frequency: 'FINANCIAL_YEAR',
      baselineValue: 33.3,
      baselinePeriod: '2020-21',
      dataOwner: 'bcwaServices',
      source: "Black Country Women's Aid (safe accommodation referrals)",
      // Against the yearly target the demo sets (demo-history.ts): within 10% short of it is amber.
      rag: { kind: 'TOLERANCE', tolerance: 0.1 },
      values: [
        {
          periodKey: '2018-19',
          periodStart: '2018-04-01',
          periodEnd: '2019-03-31',
          value: 52,
          status: 'CONFIRMED',
          note: '50.0% of accepted clients came from Sandwell.',
        },
        {
          ...FY2020_21,
          value: 33.3,
          status: 'CONFIRMED',
          note: `31.3% of accepted clients came from Sandwell. ${COVID_NOTE}`,
          exceptional: true,
        },
      ],
    },
  ],

  // Population for the per-1,000 rate. The strategy's rates (18 and 24 per 1,000) are the police counts over the
  // 2011 Census population, 308,063 (5,688 / 308,063 = 18.5; 7,522 / 308,063 = 24.4), so that figure stands for
  // both years; from 2021/22 the Census 2021 figure applies. A coordinator can load ONS mid-year estimates instead.
  // Both figures checked against the council's own Sandwell Trends: "The 2011 Census estimates that Sandwell has
  // 308,063 residents" (Briefing Note 11, December 2012) and "The 2021 Census estimates that Sandwell has 341,900
  // residents" (sandwelltrends.info/2021-census). The seed documents themselves give no population.
  referenceFigures: [
    ...['2019-20', '2020-21'].map((periodKey) => ({
      code: 'POPULATION',
      periodKey,
      value: 308_063,
      source: 'ONS, 2011 Census usual resident population, Sandwell (E08000028), table KS101EW',
      note: "The population the strategy's rates per 1,000 use.",
    })),
    {
      code: 'POPULATION',
      periodKey: '2021-22',
      value: 341_900,
      source: 'ONS, Census 2021 usual resident population, Sandwell (E08000028), rounded to the nearest 100',
    },
  ],

  // Illustrative only: the strategy does not list the commissioned services. These let the demo's annual
  // return ask real-looking providers (fictional contacts) for their figures.
  services: [
    {
      name: 'BCWA refuge',
      provider: 'bcwa',
      accommodationType: 'REFUGE',
      dataContact: 'bcwaServices',
      bedspaces: 14,
    },
    {
      name: 'BCWA dispersed homes',
      provider: 'bcwa',
      accommodationType: 'DISPERSED',
      dataContact: 'bcwaServices',
      bedspaces: 9,
    },
    {
      name: 'Ask Marc safe homes for men',
      provider: 'askmarc',
      accommodationType: 'DISPERSED',
      specialistGroups: ['MALE'],
      dataContact: 'askMarcLead',
      bedspaces: 4,
    },
    {
      name: 'Birmingham LGBT safe accommodation',
      provider: 'bhamlgbt',
      accommodationType: 'SPECIALIST_SAFE',
      byAndFor: true,
      specialistGroups: ['LGBT_PLUS'],
      dataContact: 'lgbtLead',
      bedspaces: 3,
    },
  ],
};
