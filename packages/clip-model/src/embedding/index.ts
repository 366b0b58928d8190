export {
  type DatasetEmbeddings,
  type EmbedDatasetOptions,
  type EmbedTarget,
  embedDataset,
} from './embed-dataset.js';
