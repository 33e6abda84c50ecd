/** The analysis thresholds the processor tests classify with: the defaults of config/defaults.yaml. */
import { AnalysisThresholds } from '../../../domain/contracts/processor-config';
import { fixtureEnvironment } from '../../helpers/project';

export const TEST_THRESHOLDS: AnalysisThresholds = fixtureEnvironment('demo').config.analysis.thresholds;
