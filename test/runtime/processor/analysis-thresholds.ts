/** The analysis thresholds the processor tests classify with: the fixture project's defaults (test/fixtures/project/). */
import { AnalysisThresholds } from '../../../domain/contracts/processor-config';
import { fixtureEnvironment } from '../../helpers/project';

export const TEST_THRESHOLDS: AnalysisThresholds = fixtureEnvironment('demo').config.analysis.thresholds;
