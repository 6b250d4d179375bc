/** Names of QOF register groups as NHS England publishes them, for headings and tables. */
export const QOF_GROUP_NAMES: Record<string, string> = {
  AF: 'Atrial fibrillation',
  AST: 'Asthma',
  BP: 'Blood pressure',
  CAN: 'Cancer',
  CHD: 'Coronary heart disease',
  CKD: 'Chronic kidney disease',
  COPD: 'Chronic obstructive pulmonary disease',
  CS: 'Cervical screening',
  CVDPP: 'Cardiovascular disease primary prevention',
  DEM: 'Dementia',
  DEP: 'Depression',
  DM: 'Diabetes mellitus',
  EP: 'Epilepsy',
  HF: 'Heart failure',
  HYP: 'Hypertension',
  LD: 'Learning disability',
  MH: 'Mental health',
  NDH: 'Non-diabetic hyperglycaemia',
  OB: 'Obesity',
  OST: 'Osteoporosis',
  PAD: 'Peripheral arterial disease',
  PC: 'Palliative care',
  RA: 'Rheumatoid arthritis',
  SMOK: 'Smoking',
  STIA: 'Stroke and transient ischaemic attack',
};

export function qofGroupName(code: string): string {
  return QOF_GROUP_NAMES[code] ?? code;
}
