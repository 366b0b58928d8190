export { applyStudyAttack, summarizePoisoning } from './apply-study-attack.js';
export { type DemoBar, evaluateDemoBars, formatDemoBars } from './demo-bars.js';
export {
  type DemoScale,
  demoCheckpointFolder,
  demoStudyConfig,
  requireDemoCheckpoint,
} from './demo-study.js';
export { type EvaluateOptions, evaluateStudyModel, type TestEmbeddings } from './evaluate-study-model.js';
export { loadStudyConfig, resolveStudyPaths } from './load-study-config.js';
export { type RunStudyOptions, runStudy, type StudyRun } from './run-study.js';
export {
  type AttackConfig,
  type BackdoorAttackConfig,
  type CheckpointModelConfig,
  type DataConfig,
  type DiskDataConfig,
  type DiskDataFormat,
  diskDataFormats,
  type EvaluationConfig,
  type LabelAttackConfig,
  type LabelAttackName,
  type LabelGoalConfig,
  labelAttackNames,
  type ModelConfig,
  type ModelShapeOverrides,
  parseStudyConfig,
  type ScratchModelConfig,
  type StudyAttackName,
  type StudyConfig,
  type SyntheticDataConfig,
  studyAttackNames,
  type TrainingConfig,
} from './study-config.js';
export { StudyConfigError } from './study-config-error.js';
export { prepareStudyData, type StudyData } from './study-data.js';
export { createStudyModelFactory, datasetCaptions, type StudyModelFactory } from './study-model.js';
export { formatStudyReport } from './study-report.js';
export type {
  BackdoorEvaluation,
  GoalEvaluation,
  ModelEvaluation,
  PoisoningSummary,
  RetrievalSummary,
  StudyResults,
  TrainingSummary,
} from './study-results.js';
export { TriggeredDataset } from './triggered-dataset.js';
export { studyOutputFiles, writeStudyOutput } from './write-study-output.js';
