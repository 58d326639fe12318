/**
 * Registers every model of this folder with mongoose. The privacy rules (../privacy.ts) find
 * student data through mongoose's registry of models, so a process that exports or deletes it
 * without loading the web application (the privacy command line) must still know every model:
 * ../privacy.ts imports this module. A new model file gets a line here
 * (test/unit/modelRegistry.test.ts fails otherwise).
 */
import './Activity.ts';
import './AnswerLog.ts';
import './AuditEntry.ts';
import './ClassSummary.ts';
import './Course.ts';
import './CourseContent.ts';
import './CourseParams.ts';
import './EndedSession.ts';
import './Enrollment.ts';
import './GradeEvent.ts';
import './Person.ts';
import './PrivacySettings.ts';
import './Progress.ts';
import './RateCounter.ts';
import './Registration.ts';
import './RegistrationInvite.ts';
import './Retention.ts';
import './Roster.ts';
import './TeacherChange.ts';
import './UsedToken.ts';
