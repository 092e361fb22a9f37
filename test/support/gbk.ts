/** GBK bytes of a few names (from `iconv -f utf-8 -t gbk`): what Excel in China saves. */
export const GBK_NAMES = {
  铜川市: 'cdadb4a8cad0',
  王益区: 'cdf5d2e6c7f8',
  七一路街道: 'c6dfd2bbc2b7bdd6b5c0',
} as const;

/** `text` as GBK bytes: ASCII as is, each name in GBK_NAMES by its GBK bytes. */
export function gbkBytes(text: string): Uint8Array {
  const parts = text.split(/(铜川市|王益区|七一路街道)/);
  const bytes = parts.flatMap((part) =>
    part in GBK_NAMES ? [...Buffer.from(GBK_NAMES[part as keyof typeof GBK_NAMES], 'hex')] : [...Buffer.from(part, 'ascii')],
  );
  return Uint8Array.from(bytes);
}
