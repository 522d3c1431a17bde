import type { VideoManifestDialogueLine } from './video-manifest.js';

/**
 * Appends a clip's dialogue to its prompt as a `DIALOGUE:` block, one `SPEAKER: "line"` per
 * line. Video models take it as guidance: whether (and how well) they speak the lines is up
 * to the model — best effort, not a guarantee of audio.
 *
 * @example
 * ```ts
 * composeDialoguePrompt('Two friends on a bench', [{ speaker: 'Anna', line: 'Spring is here.' }]);
 * // 'Two friends on a bench\n\nDIALOGUE:\nANNA: "Spring is here."'
 * ```
 */
export function composeDialoguePrompt(prompt: string, dialogue: readonly VideoManifestDialogueLine[] | undefined): string {
  if (dialogue === undefined || dialogue.length === 0) return prompt;
  const lines = dialogue.map(({ speaker, line }) => `${speaker.trim().toUpperCase()}: "${line.trim()}"`);
  return `${prompt.trimEnd()}\n\nDIALOGUE:\n${lines.join('\n')}`;
}
