/**
 * Every `kenobi` command, in the order `kenobi --help` lists them. A new command is a new file in this folder
 * plus one line here.
 */
import type { Command } from '../command.js';
import { summaryCommand } from './summary.js';
import { cutCommand } from './cut.js';
import { doctorCommand } from './doctor.js';

import { modelsListCommand } from './models-list.js';
import { modelsInfoCommand } from './models-info.js';
import { modelsFetchCommand } from './models-fetch.js';
import { modelsImportCommand } from './models-import.js';
import { modelsVerifyCommand } from './models-verify.js';
import { modelsPathCommand } from './models-path.js';
import { fitsInfoCommand } from './fits-info.js';
import { fitsPngCommand } from './fits-png.js';
import { simLensesCommand } from './sim-lenses.js';
import { extractCommand } from './extract.js';
import { featuresInfoCommand } from './features-info.js';
import { featuresMergeCommand } from './features-merge.js';
import { featuresImportCommand } from './features-import.js';
import { featuresExportCommand } from './features-export.js';
import { serveCommand } from './serve.js';
import { trainCommand } from './train.js';
import { evaluateCommand } from './evaluate.js';
import { exportCommand } from './export.js';
import { predictCommand } from './predict.js';
import { demoCommand } from './demo.js';
import { clusterCommand } from './cluster.js';
import { finetuneCommand } from './finetune.js';
import { slurmExtractCommand } from './slurm/slurm-extract.js';
import { slurmPredictCommand } from './slurm/slurm-predict.js';
import { slurmFinetuneCommand, slurmTrainCommand } from './slurm/slurm-train.js';
import { slurmStatusCommand } from './slurm/slurm-status.js';
import { slurmResumeCommand } from './slurm/slurm-resume.js';
import { slurmMergeCommand } from './slurm/slurm-merge.js';

export const commands: readonly Command[] = [
  summaryCommand,
  cutCommand,
  doctorCommand,
  modelsListCommand,
  modelsInfoCommand,
  modelsFetchCommand,
  modelsImportCommand,
  modelsVerifyCommand,
  modelsPathCommand,
  fitsInfoCommand,
  fitsPngCommand,
  simLensesCommand,
  extractCommand,
  featuresInfoCommand,
  featuresMergeCommand,
  featuresImportCommand,
  featuresExportCommand,
  serveCommand,
  trainCommand,
  evaluateCommand,
  exportCommand,
  predictCommand,
  demoCommand,
  clusterCommand,
  finetuneCommand,
  slurmExtractCommand,
  slurmPredictCommand,
  slurmTrainCommand,
  slurmFinetuneCommand,
  slurmStatusCommand,
  slurmResumeCommand,
  slurmMergeCommand,
];
