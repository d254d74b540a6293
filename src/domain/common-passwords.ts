/**
 * The commonest passwords of eight or more characters, as found at the top of
 * every published breach list (e.g. the "10k most common" lists): the first
 * guesses of anyone trying accounts one by one. Lower case; compared after
 * lower-casing, so "Password1" counts as "password1".
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word',
  '12345678', '123456789', '1234567890', '0123456789', '87654321', '987654321', '11111111', '00000000', '22222222',
  '88888888', '12341234', '11223344', '12121212', '123123123', '123456780', '12344321', '1q2w3e4r', '1q2w3e4r5t',
  '1qaz2wsx', 'zaq12wsx', 'qwertyui', 'qwertyuiop', 'qwerty12', 'qwerty123', 'qwerty1234', 'asdfghjk', 'asdfghjkl',
  'zxcvbnm1', 'abcdefgh', 'abcd1234', 'abc12345', 'abcdef123', 'a1b2c3d4', 'aaaaaaaa', 'iloveyou', 'iloveyou1',
  'sunshine', 'princess', 'football', 'baseball', 'basketball', 'superman', 'batman123', 'starwars', 'trustno1',
  'welcome1', 'welcome123', 'letmein1', 'letmein123', 'changeme', 'changeme1', 'admin123', 'administrator',
  'computer', 'internet', 'jennifer', 'michelle', 'jordan23', 'charlie1', 'whatever', 'whatever1', 'master12',
  'mustang1', 'shadow12', 'dragon12', 'monkey12', 'freedom1', 'football1', 'baseball1', 'sunshine1', 'princess1',
  'qwer1234', 'q1w2e3r4', 'q1w2e3r4t5', 'secret123', 'security', 'default1', 'login123', 'test1234', 'testtest',
  'hello123', 'helloworld', 'lovelove', 'blink182', 'pokemon1', 'liverpool', 'chelsea1', 'arsenal1', 'corvette',
  'mercedes', 'samantha', 'jessica1', 'ashley12', 'michael1', 'jonathan', 'nicholas', 'victoria', 'elizabeth',
  'butterfly', 'chocolate', 'fuckyou1', 'xxxxxxxx', 'zzzzzzzz', 'asdf1234', 'asdfasdf', 'qazwsxedc', 'passpass',
  'temp1234', 'summer2024', 'summer2025', 'summer2026', 'winter2024', 'winter2025', 'winter2026', 'spring2025',
  'autumn2025', 'company1', 'company123', 'salespartner', 'optout123',
]);
