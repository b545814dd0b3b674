/** What the instruction form starts from when a seat gives an instruction about a case or an alarm. */
export interface InstructionDraft {
  region: string
  caseId: string | null
  alarmId: number | null
}
