// Word pools of the generated organisation: Portuguese names with accents and emoji, topics, replies, hostile strings.

/** Customer first names (accents on purpose; one with emoji). */
export const FIRST_NAMES = [
  'Maria', 'João', 'José', 'Ana', 'Antônio', 'Conceição', 'Luís', 'Gonçalo', 'Érica', 'Inês', 'Bárbara', 'Letícia',
  'Caio', 'Sofia', 'Thiago', 'Lúcia', 'Iêda', 'Ângela', 'Márcio', 'Júlia', 'Renée', 'Raí', 'Cauã', 'Zé 😀',
] as const;

/** Customer last names. */
export const LAST_NAMES = [
  'Silva', 'Souza', 'Conceição', 'Gonçalves', 'Araújo', 'Pereira', 'Lima', 'Ferreira', 'Gomes', 'Simões',
  'Brandão', 'Assunção', 'Müller', 'Nóbrega', 'Magalhães', 'Flor 🌻',
] as const;

/** Team members (operators). */
export const OPERATOR_NAMES = [
  'Ana Beatriz Conceição', 'João Gonçalves', 'Márcia Simões', 'Zé Ricardo 🎧', 'Luís Araújo', 'Bárbara Nóbrega',
  'Íris Brandão', 'Otávio Lemos',
] as const;

/** AI agent names. */
export const AGENT_NAMES = [
  'Lia — Atendimento', 'Bot Vendas', 'Suporte Técnico IA', 'Assistente Financeiro', 'Clara 🤖', 'Recepção Virtual',
] as const;

/** Model names Chatvolt reports in `agentModel`. */
export const AGENT_MODELS = ['gpt_4o_mini', 'gpt_4o', 'claude_3_5_sonnet', 'gemini_1_5_flash'] as const;

/** A conversation topic: title, the customer's opening, related tags. */
export interface Topic {
  title: string;
  opening: string;
  tags: readonly string[];
}

/** Conversation topics. */
export const TOPICS: readonly Topic[] = [
  { title: 'Troca de produto', opening: 'Oi, quero trocar um produto que chegou com defeito', tags: ['troca'] },
  { title: 'Dúvida sobre entrega', opening: 'Boa tarde! Meu pedido ainda não chegou, pode verificar?', tags: ['entrega'] },
  { title: 'Segunda via de boleto', opening: 'Preciso da segunda via do boleto, por favor', tags: ['financeiro'] },
  { title: 'Cancelamento', opening: 'Quero cancelar minha assinatura', tags: ['cancelamento'] },
  { title: 'Orçamento', opening: 'Olá, vocês fazem orçamento para empresa?', tags: ['vendas'] },
  { title: 'Problema no acesso', opening: 'Não consigo entrar na minha conta, diz senha inválida', tags: ['suporte'] },
  { title: 'Reembolso', opening: 'Fui cobrado duas vezes, quero o reembolso', tags: ['financeiro', 'reclamacao'] },
  { title: 'Horário de funcionamento', opening: 'Vocês abrem no sábado?', tags: [] },
  { title: 'Status do pedido', opening: 'Qual o status do pedido 48213?', tags: ['entrega'] },
  { title: 'Informações de produto', opening: 'Esse tênis tem tamanho 44?', tags: ['vendas'] },
];

/** Follow-up customer messages. */
export const CUSTOMER_FOLLOW_UPS = [
  'Ok, obrigado!', 'Mas já faz uma semana...', 'O número é 48213', 'Pode ser pelo Pix?', 'Não entendi, pode explicar?',
  'Certo', 'Isso mesmo', 'Ainda não resolveu 😕', 'Perfeito, valeu!', 'Qual o prazo?', 'Mandei o comprovante', '👍',
  'Vocês são muito demorados', 'Tá bom, aguardo', '',
] as const;

/** What a customer writes to ask for a person. */
export const HUMAN_REQUESTS = ['Quero falar com um atendente', 'Prefiro falar com uma pessoa', 'Atendente humano, por favor'] as const;

/** AI answers. */
export const AI_REPLIES = [
  'Claro! Qual o número do pedido?', 'Entendo. Vou verificar para você.', 'Seu pedido está em trânsito e chega em 2 dias úteis.',
  'Posso ajudar com mais alguma coisa?', 'A segunda via foi enviada para o seu e-mail.', 'Funcionamos de segunda a sábado, das 8h às 18h.',
  'Sinto muito pelo transtorno! Vamos resolver.', 'Você pode redefinir a senha em "Esqueci minha senha".',
] as const;

/** What the AI says when it hands over. */
export const AI_HANDOVER = 'Vou transferir você para um de nossos atendentes. Um momento, por favor.';

/** Operator messages. */
export const OPERATOR_REPLIES = [
  'Oi, aqui é da equipe de atendimento. Já estou vendo seu caso.', 'Consegui localizar seu pedido.', 'Pronto, estorno solicitado.',
  'Pode me enviar uma foto do produto?', 'Resolvido! Qualquer coisa estamos à disposição.', 'Só um instante, por favor.',
] as const;

/** Replies typed on the WhatsApp phone app (reach the API as `from: agent` without AI markers). */
export const PHONE_REPLIES = ['Oi! Já te respondo', 'Tem sim, pode vir buscar', 'Fechado então', 'Te mando o link agora'] as const;

/** Strings that become formulas, scripts or mangled numbers when written carelessly. */
export const HOSTILE = {
  hyperlink: '=HYPERLINK("http://x","y")',
  phone: '+5511988887777',
  dash: '-cmd',
  at: '@SUM(1)',
  html: '<img src=x onerror=alert(1)>',
} as const;

/** Satisfaction variable names the add-on reads by default, plus free-form variables. */
export const CSAT_NAMES = [['csat', 50], ['nota', 25], ['satisfacao', 15], ['satisfaction', 10]] as const;

/** Satisfaction values as people and tools write them: valid, decimal comma, padded, words, out of range. */
export const CSAT_VALUES = [
  ['5', 30], ['4', 25], ['3', 12], ['2', 6], ['1', 5], ['4,5', 6], [' 3 ', 4], ['ótimo', 4], ['7', 4], ['0', 2], ['', 2],
] as const;

/** The body of the one message longer than 60,000 characters (a pasted log). */
export function longMessageText(): string {
  const line = 'linha de log: ação=falhou código=500 usuário=joão ';
  return 'Segue o log do erro que aparece: ' + line.repeat(Math.ceil(60_500 / line.length));
}
