/* fig_words.c — the words the views draw, in the view's language (fig_View.lang): axis titles,
 * view titles and subtitles, legends, and the notes the forward pass gives its tensors ("softmax
 * over keys; …"), which come in English from the core and from trace files alike. English is the
 * key; a string without a Korean entry stays English. Not the window's own strings
 * (win_strings.c). */
#include "fig_view.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *en, *ko;
} Word;

static const Word WORDS[] = {
    /* axes */
    {"query (source token)", "쿼리 (입력 토큰)"},
    {"source token", "입력 토큰"},
    {"query (target token → prediction)", "쿼리 (출력 토큰 → 예측)"},
    {"target token → prediction", "출력 토큰 → 예측"},
    {"row", "행"},
    {"key (target token)", "키 (출력 토큰)"},
    {"key (source token)", "키 (입력 토큰)"},
    {"target vocabulary", "출력 어휘"},
    {"target vocabulary id", "출력 어휘 번호"},
    {"hidden unit", "은닉 유닛"},
    {"dimension within the head", "헤드 안의 차원"},
    {"model dimension", "모델 차원"},
    {"column", "열"},
    {"value", "값"},
    /* legends and titles */
    {"masked", "마스크"},
    {"head %d", "%d번 헤드"},
    {"panel %d", "%d번 패널"},
    {"queries", "쿼리"},
    {"keys", "키"},
    {"layer %d", "%d층"},
    {"%s — all %d layers × %d heads", "%s — %d개 층 × 헤드 %d개 전체"},
    {"%s · query %d '%s' only", "%s · 쿼리 %d '%s'만"},
    {"%s — layer %d", "%s — %d층"},
    {"%s%s — %s, layer %d", "%s%s — %s, %d층"},
    {" · head %d", " · %d번 헤드"},
    {" · all %d heads", " · 헤드 %d개 전체"},
    {" · masked cells hatched", " · 마스크된 칸은 빗금"},
    {"%s · attention of query %d '%s' only · line opacity = weight",
     "%s · 쿼리 %d '%s'의 어텐션만 · 선의 불투명도 = 가중치"},
    {"%s · every query · line opacity = weight", "%s · 모든 쿼리 · 선의 불투명도 = 가중치"},
    {"each thumbnail: weights as a heatmap (viridis, 0–1)",
     "각 썸네일: 가중치를 히트맵으로 (viridis, 0–1)"},
    {"each thumbnail: queries (left) to keys (right), opacity = weight",
     "각 썸네일: 왼쪽 쿼리에서 오른쪽 키로, 불투명도 = 가중치"},
    {"Encoder self-attention", "인코더 셀프 어텐션"},
    {"Decoder self-attention (masked)", "디코더 셀프 어텐션 (마스크)"},
    {"Encoder-decoder attention", "인코더-디코더 어텐션"},
    /* the logit lens, the search tree, the difference view */
    {"Logit lens — what the decoder would output if it stopped here",
     "로짓 렌즈 — 디코더가 여기서 멈춘다면 무엇을 출력할까"},
    {"each cell: the most probable token at that point of the residual stream (bold: already the "
     "model's final output); colour: the probability of the final output token",
     "각 칸: 잔차 흐름의 그 지점에서 확률이 가장 높은 토큰 (굵게: 이미 모델의 최종 출력); 색: 최종 "
     "출력 토큰의 확률"},
    {"decoder input", "디코더 입력"},
    {"model output", "모델 출력"},
    {" (output)", " (출력)"},
    {"P(final", "P(최종"},
    {"token)", "토큰)"},
    {"no logit lens to show: it is computed from the model and a trace",
     "보여 줄 로짓 렌즈가 없습니다: 모델과 트레이스로 계산합니다"},
    {"the logit lens is not of this trace", "이 로짓 렌즈는 이 트레이스의 것이 아닙니다"},
    {"Greedy decoding (beam search with K = 1)", "그리디 디코딩 (K = 1인 빔 서치)"},
    {"Beam search, K = %d (length penalty α = %.2g)", "빔 서치, K = %d (길이 페널티 α = %.2g)"},
    {"each column a step, each box a candidate: its token, log P(token) and Σ, its hypothesis's "
     "total; chosen: %s",
     "열 하나가 한 단계, 상자 하나가 후보 하나: 토큰, log P(토큰), 가설의 합계 Σ; 선택: %s"},
    {"each column a step, each box a candidate: its token, log P(token) and Σ, its hypothesis's "
     "total; no hypothesis finished",
     "열 하나가 한 단계, 상자 하나가 후보 하나: 토큰, log P(토큰), 가설의 합계 Σ; 끝난 가설 없음"},
    {"this trace holds no beam search: make it with tfscope trace --beam K (K = 1: greedy)",
     "이 트레이스에는 빔 서치가 없습니다: tfscope trace --beam K로 만드세요 (K = 1: 그리디)"},
    {"the trace's beam log is not a search step by step",
     "트레이스의 빔 기록이 단계별 탐색이 아닙니다"},
    {"the chosen translation", "선택된 번역"},
    {"kept: goes on", "유지: 계속 진행"},
    {"finished: <eos> or the length limit", "완료: <eos> 또는 길이 제한"},
    {"pruned", "가지치기됨"},
    {"step %d", "%d단계"},
    {"start", "시작"},
    {"A and B are identical here (A − B = 0 everywhere)",
     "여기서는 A와 B가 같습니다 (모든 곳에서 A − B = 0)"},
    {"max |A − B| = %.4g at head %d, row %d, column %d",
     "최대 |A − B| = %.4g (%d번 헤드, %d행, %d열)"},
    {"max |A − B| = %.4g at row %d, column %d", "최대 |A − B| = %.4g (%d행, %d열)"},
    {"none", "없음"},
    {"interventions A: %s, B: %s", "개입 A: %s, B: %s"},
    {"source token %d: A '%s', B '%s'", "입력 토큰 %d: A '%s', B '%s'"},
    {"the difference view needs a second trace (B) to compare with",
     "차이 보기에는 비교할 두 번째 트레이스(B)가 필요합니다"},
    {"no tensor named '%s' in %s", "'%s'라는 텐서가 %s에 없습니다"},
    {"trace A", "트레이스 A"},
    {"trace B", "트레이스 B"},
    {"%s has shape %s in A and %s in B: no difference to draw",
     "%s의 모양이 A에서는 %s, B에서는 %s: 그릴 차이가 없습니다"},
    {" · the first %d positions", " · 처음 %d개 위치"},
    /* the forward pass's notes */
    {"LayerNorm: (x − mean)/√(var + ε)·γ + β, per row", "LayerNorm: 행마다 (x − 평균)/√(분산 + ε)·γ + β"},
    {"PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)",
     "PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)"},
    {"Q·Kᵀ, not divided by √dₖ (scaling off), before any mask",
     "Q·Kᵀ, √dₖ로 나누지 않음 (스케일 꺼짐), 마스크 전"},
    {"Q·Kᵀ/√dₖ, before any mask", "Q·Kᵀ/√dₖ, 마스크 전"},
    {"concat(heads)·W_Oᵀ + b_O", "헤드 이어 붙이기·W_Oᵀ + b_O"},
    {"embedding + position", "임베딩 + 위치"},
    {"embedding of each token × √d_model", "각 토큰의 임베딩 × √d_model"},
    {"final LayerNorm of the decoder stack", "디코더 스택의 마지막 LayerNorm"},
    {"final LayerNorm of the encoder stack", "인코더 스택의 마지막 LayerNorm"},
    {"hidden·W₂ᵀ + b₂", "은닉·W₂ᵀ + b₂"},
    {"keys: x·W_Kᵀ + b_K, split into heads", "키: x·W_Kᵀ + b_K, 헤드별로 나눔"},
    {"queries: x·W_Qᵀ + b_Q, split into heads", "쿼리: x·W_Qᵀ + b_Q, 헤드별로 나눔"},
    {"values: x·W_Vᵀ + b_V, split into heads", "값: x·W_Vᵀ + b_V, 헤드별로 나눔"},
    {"residual: sub-layer input + sub-layer output", "잔차: 부층의 입력 + 부층의 출력"},
    {"softmax over keys; future positions masked to 0", "키에 대한 소프트맥스; 미래 위치는 0으로 마스크"},
    {"softmax over keys; the mask is off: every position sees the future",
     "키에 대한 소프트맥스; 마스크 꺼짐: 모든 위치가 미래를 봄"},
    {"softmax over keys", "키에 대한 소프트맥스"},
    {"softmax: the probability of each next token", "소프트맥스: 다음 토큰 하나하나의 확률"},
    {"weights·V, per head", "가중치·V, 헤드별"},
    {"x·Eᵀ (+ b): the output shares the target embedding", "x·Eᵀ (+ b): 출력이 출력 임베딩을 공유"},
    {"x·W_outᵀ + b: one score per target token", "x·W_outᵀ + b: 출력 토큰마다 점수 하나"},
    {"zero: positional encoding switched off", "0: 위치 인코딩 꺼짐"},
};

const char *fig_word(const fig_View *s, const char *en)
{
    if (!s || s->lang != FIG_LANG_KO || !en) return en;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (!strcmp(WORDS[i].en, en)) return WORDS[i].ko;
    return en;
}

void fig_word_note(const fig_View *s, const char *note, char *out, size_t cap)
{
    /* the longest entry the note starts with; what follows it (an ablation's "; ablated (0):
     * head 2") is kept as it is */
    size_t best = 0;
    const char *ko = NULL;
    if (s && s->lang == FIG_LANG_KO)
        for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++) {
            size_t n = strlen(WORDS[i].en);
            if (n > best && !strncmp(note, WORDS[i].en, n)) {
                best = n;
                ko = WORDS[i].ko;
            }
        }
    snprintf(out, cap, "%s%s", ko ? ko : "", note + best);
}
