/** The analysis thresholds the processor tests classify with: the defaults of config/defaults.yaml. */
import { loadConfig } from '../../../config/load';
import { AnalysisThresholds } from '../../../runtime/processor/analysis/config';
import { PROJECT_ROOT } from '../../helpers/project';

export const TEST_THRESHOLDS: AnalysisThresholds = loadConfig(PROJECT_ROOT, { only: 'demo' }).environments[0].config.analysis.thresholds;
