/** Languages whose second-tier rules the classifier knows. */
export type Language = 'en' | 'es' | 'fr';

/** Per-organization classifier settings (keyword lists are the DESIGN rule 2 lists). */
export interface ClassifierSettings {
  optOutKeywords: string[];
  optInKeywords: string[];
  helpKeywords: string[];
  /** Which languages' second-tier rules are active. English second-tier rules are always active. */
  languages: Language[];
}

export type InboundClassification =
  | { action: 'opted_out'; source: 'keyword' | 'phrase'; keyword: string | null; rule: string | null; language: Language }
  | { action: 'opted_in'; keyword: string; language: Language }
  | { action: 'help'; keyword: string; language: Language }
  | { action: 'review'; rule: string; language: Language }
  | { action: 'none' };

export type InboundAction = InboundClassification['action'];

export interface ClassificationContext {
  /** Whether the sending number is currently opted out (YES only opts in an opted-out number). */
  optedOut: boolean;
}
