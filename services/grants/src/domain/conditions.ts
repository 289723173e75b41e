/**
 * The grant conditions library (PRSRA 2011, s.9(3): grants "subject to any conditions (including
 * conditions as to repayment)"). A programme picks from it; an award carries the chosen wording.
 */
export const CONDITIONS = {
  PURPOSE: "The grant is used only for the purposes and projects approved in the award.",
  "NO-VIREMENT": "Money is not moved between projects without the PCC's written approval.",
  "SPEND-IN-PERIOD": "The grant is spent within the financial year of the award.",
  "UNSPENT-RETURNED": "Any part of the grant not spent in the period is returned to the PCC.",
  REPAYMENT: "The PCC may require repayment of all or part of the grant if a condition is breached.",
  MONITORING: "The recipient completes the monitoring returns and takes part in evaluation when asked.",
  "DATA-PROTECTION": "Personal data is handled in accordance with UK data protection law.",
  SAFEGUARDING: "Staff and volunteers working with children or adults at risk have the checks their roles require.",
  "MATERIAL-CHANGES": "The recipient tells the PCC promptly of any material change to the funded work.",
} as const;

export type ConditionCode = keyof typeof CONDITIONS;
export const CONDITION_CODES = Object.keys(CONDITIONS) as ConditionCode[];

export const isConditionCode = (c: string): c is ConditionCode => Object.hasOwn(CONDITIONS, c);
