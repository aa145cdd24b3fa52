// In-memory state of the sandbox: one Coassemble workspace and one Coursepath academy.
// Times are ISO 8601 strings, as both APIs return them.

export interface CaScreen {
  id: number;
  title: string;
  description: string;
  sequence: number;
  type: { id: number; name: string; title: string; icon: string; premium: boolean; completable: number };
}

export interface CaCourseContent {
  title: string;
  description: string;
  screens: CaScreen[];
}

export interface CaCourse extends CaCourseContent {
  id: number;
  key: string;
  identifier: string | null;
  clientIdentifier: string | null;
  created: string;
  updated: string;
  published: string | null;
  deleted: string | null;
  revision: number;
  /** Content as last published; revert goes back to it. */
  publishedContent: CaCourseContent | null;
  hasDraftChanges: boolean;
}

export interface CaClient {
  clientIdentifier: string;
  metadata: Record<string, unknown>;
  created: string;
  updated: string;
}

export interface CaUser {
  identifier: string;
  clientIdentifier: string | null;
  name: string | null;
  email: string | null;
  avatar: string | null;
  metadata: Record<string, unknown>;
  testMode: boolean;
  created: string;
  updated: string;
}

export interface CaTracking {
  id: number;
  courseId: number;
  identifier: string;
  clientIdentifier: string | null;
  email: string | null;
  name: string | null;
  commenced: string;
  completed: string | null;
  passed: boolean | null;
  progress: number;
  score: number | null;
  totalTime: number;
  language: string;
  created: string;
  updated: string;
}

export interface CaTranslation {
  id: number;
  courseId: number;
  language: string;
  isDefault: boolean;
  missingScreens: number;
  created: string;
  updated: string;
  synced: string | null;
}

export interface CoassembleState {
  courses: Map<number, CaCourse>;
  clients: Map<string, CaClient>;
  users: Map<string, CaUser>;
  trackings: Map<number, CaTracking>;
  translations: Map<number, CaTranslation>;
  nextCourseId: number;
  nextScreenId: number;
  nextTrackingId: number;
  nextTranslationId: number;
}

export interface CpMember {
  id: number;
  email: string;
  name: string;
  firstname: string;
  lastname: string;
  company: string | null;
  department: string | null;
  country: string | null;
  externalId: string | null;
  association: string | null;
  identification: string | null;
  registration: string | null;
  role: 'admin' | 'learner';
  created: string;
  updated: string;
  invited: string | null;
  activated: string | null;
}

export interface CpCourse {
  id: number;
  name: string;
  description: string;
  code: string;
  language: string;
  status: 'published' | 'draft';
  duration: number;
  created: string;
  updated: string;
}

export interface CpProgram {
  id: number;
  name: string;
  description: string;
  courseIds: number[];
  created: string;
}

export interface CpGroup {
  id: number;
  name: string;
  memberIds: Set<number>;
  created: string;
}

export interface CpCourseMember {
  courseId: number;
  memberId: number;
  role: 'learner';
  enrolled: string;
  started: string | null;
  completed: string | null;
  progress: number;
  score: number | null;
  success: boolean | null;
  certificate: string | null;
}

export interface CpProgramMember {
  programId: number;
  memberId: number;
  role: 'learner';
  enrolled: string;
}

export interface CpInvite {
  id: number;
  memberId: number;
  context: 'academy' | 'course' | 'program';
  contextId: number | null;
  to: string;
  subject: string;
  body: string;
  action: string;
  sent: string;
}

export interface CoursepathState {
  members: Map<number, CpMember>;
  memberIdsByEmail: Map<string, number>;
  courses: Map<number, CpCourse>;
  programs: Map<number, CpProgram>;
  groups: Map<number, CpGroup>;
  /** key `${courseId}:${memberId}` */
  courseMembers: Map<string, CpCourseMember>;
  /** key `${programId}:${memberId}` */
  programMembers: Map<string, CpProgramMember>;
  /** Invitation emails "sent" (the sandbox never sends mail). */
  outbox: CpInvite[];
  nextMemberId: number;
  nextGroupId: number;
  nextInviteId: number;
}

export interface SandboxState {
  coassemble: CoassembleState;
  coursepath: CoursepathState;
}
