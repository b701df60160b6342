/**
 * The legal elements a case's findings can address, as data: crimes against humanity (Rome Statute art. 7)
 * with their contextual elements, genocide by killing (art. 6(a)), and modes of liability (art. 25(3), 28).
 * The texts are short paraphrases written for this project from the public Elements of Crimes and the Statute;
 * they are a working checklist, not the legal text, and each names the provision it follows.
 */

export interface Bilingual {
  en: string;
  fa: string;
}

export interface LegalElement {
  key: string;
  text: Bilingual;
}

export type CrimeGroup = 'crimes_against_humanity' | 'genocide' | 'liability';

export interface CrimeDefinition {
  /** `cah.murder`, `genocide.killing`, `liability.ordering`. */
  key: string;
  group: CrimeGroup;
  provision: string;
  title: Bilingual;
  elements: readonly LegalElement[];
  /** Another entry whose elements must also be met (the contextual elements of art. 7). */
  requires?: string;
}

const el = (key: string, en: string, fa: string): LegalElement => ({ key, text: { en, fa } });

export const GROUP_TITLES: Record<CrimeGroup, Bilingual> = {
  crimes_against_humanity: { en: 'Crimes against humanity', fa: 'جنایات علیه بشریت' },
  genocide: { en: 'Genocide', fa: 'نسل‌کشی' },
  liability: { en: 'Modes of liability', fa: 'شیوه‌های مسئولیت' },
};

export const CRIMES: readonly CrimeDefinition[] = [
  {
    key: 'cah.context',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1), 7(2)(a)',
    title: { en: 'Contextual elements', fa: 'عناصر زمینه‌ای' },
    elements: [
      el(
        'attack',
        'There was an attack on a civilian population that was widespread or systematic: many acts of violence against civilians, not isolated ones.',
        'حمله‌ای گسترده یا سازمان‌یافته علیه جمعیتی غیرنظامی رخ داده است: اعمال خشونت‌آمیز متعدد علیه غیرنظامیان، نه رویدادهایی پراکنده.',
      ),
      el(
        'policy',
        'The attack followed, or furthered, a policy of a State or an organisation to carry out such an attack.',
        'این حمله در پی سیاست یک دولت یا سازمان برای انجام چنین حمله‌ای، یا در پیشبرد آن، صورت گرفته است.',
      ),
      el(
        'nexus',
        'The conduct of the accused formed part of that attack.',
        'رفتار متهم بخشی از همان حمله بوده است.',
      ),
      el(
        'knowledge',
        'The accused knew the conduct was part of the attack, or meant it to be.',
        'متهم می‌دانسته که رفتارش بخشی از آن حمله است، یا قصد داشته چنین باشد.',
      ),
    ],
  },
  {
    key: 'cah.murder',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(a)',
    title: { en: 'Murder', fa: 'قتل' },
    requires: 'cah.context',
    elements: [
      el(
        'killing',
        'The accused caused the death of one or more persons.',
        'متهم موجب مرگ یک یا چند نفر شده است.',
      ),
    ],
  },
  {
    key: 'cah.extermination',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(b)',
    title: { en: 'Extermination', fa: 'ریشه‌کن‌سازی' },
    requires: 'cah.context',
    elements: [
      el(
        'killing',
        'The accused killed one or more persons, directly or by imposing conditions of life meant to destroy part of a population.',
        'متهم یک یا چند نفر را کشته است، مستقیم یا با تحمیل شرایط زندگی‌ای که برای نابودی بخشی از یک جمعیت طراحی شده بود.',
      ),
      el(
        'mass_killing',
        'The killing was, or was part of, the mass killing of members of a civilian population.',
        'این کشتار خود کشتار جمعی اعضای یک جمعیت غیرنظامی بوده یا بخشی از آن بوده است.',
      ),
    ],
  },
  {
    key: 'cah.imprisonment',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(e)',
    title: { en: 'Imprisonment or severe deprivation of liberty', fa: 'حبس یا سلب شدید آزادی' },
    requires: 'cah.context',
    elements: [
      el(
        'deprivation',
        'The accused imprisoned one or more persons, or otherwise severely took away their physical liberty.',
        'متهم یک یا چند نفر را زندانی کرده یا به شکلی دیگر آزادی جسمانی آنان را به‌شدت سلب کرده است.',
      ),
      el(
        'gravity',
        'The deprivation was grave enough to breach fundamental rules of international law (for example, without any fair process).',
        'این سلب آزادی چنان شدید بوده که قواعد بنیادین حقوق بین‌الملل را نقض کرده است (برای نمونه، بدون هیچ دادرسی منصفانه‌ای).',
      ),
      el(
        'awareness',
        'The accused was aware of the facts that made the deprivation that grave.',
        'متهم از واقعیت‌هایی که این سلب آزادی را چنین شدید می‌کرد آگاه بوده است.',
      ),
    ],
  },
  {
    key: 'cah.torture',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(f)',
    title: { en: 'Torture', fa: 'شکنجه' },
    requires: 'cah.context',
    elements: [
      el(
        'pain',
        'The accused inflicted severe physical or mental pain or suffering on one or more persons.',
        'متهم درد یا رنج شدید جسمی یا روحی بر یک یا چند نفر وارد کرده است.',
      ),
      el(
        'custody',
        'Those persons were in the custody or under the control of the accused.',
        'آن افراد در بازداشت یا تحت کنترل متهم بوده‌اند.',
      ),
      el(
        'not_lawful_sanction',
        'The pain or suffering did not arise only from, and was not merely incidental to, lawful sanctions.',
        'آن درد یا رنج صرفاً ناشی از مجازات‌های قانونی یا لازمه‌ی ناگزیر آن‌ها نبوده است.',
      ),
    ],
  },
  {
    key: 'cah.persecution',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(h)',
    title: { en: 'Persecution', fa: 'آزار و تعقیب' },
    requires: 'cah.context',
    elements: [
      el(
        'deprivation',
        'The accused severely deprived one or more persons of fundamental rights, contrary to international law.',
        'متهم یک یا چند نفر را، برخلاف حقوق بین‌الملل، به‌شدت از حقوق بنیادین محروم کرده است.',
      ),
      el(
        'targeting',
        'The victims were targeted because of their identity as members of a group or collectivity, or the group itself was targeted.',
        'قربانیان به سبب هویتشان به‌عنوان اعضای یک گروه یا جمع هدف قرار گرفته‌اند، یا خود آن گروه هدف بوده است.',
      ),
      el(
        'grounds',
        'The targeting was on political, religious, national, ethnic, cultural, gender or other grounds that international law does not allow.',
        'این هدف‌گیری بر پایه‌ی دلایل سیاسی، مذهبی، ملی، قومی، فرهنگی، جنسیتی یا دیگر دلایلی بوده که حقوق بین‌الملل نمی‌پذیرد.',
      ),
      el(
        'connection',
        'The conduct was connected with another act listed in art. 7(1) or another crime within the Court’s jurisdiction.',
        'این رفتار با یکی دیگر از اعمال بند ۱ ماده‌ی ۷ یا جنایتی دیگر در صلاحیت دیوان پیوند داشته است.',
      ),
    ],
  },
  {
    key: 'cah.enforced_disappearance',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(i), 7(2)(i)',
    title: { en: 'Enforced disappearance of persons', fa: 'ناپدیدسازی قهری اشخاص' },
    requires: 'cah.context',
    elements: [
      el(
        'deprivation_or_refusal',
        'One or more persons were arrested, detained or abducted, or the authorities refused to acknowledge it or to tell their fate or whereabouts.',
        'یک یا چند نفر دستگیر، بازداشت یا ربوده شده‌اند، یا مقامات از پذیرفتن آن یا گفتن سرنوشت یا محل آنان خودداری کرده‌اند.',
      ),
      el(
        'state_involvement',
        'It was done by, or with the authorisation, support or acquiescence of, a State or political organisation.',
        'این کار به دست یک دولت یا سازمان سیاسی، یا با اجازه، پشتیبانی یا رضایت ضمنی آن انجام شده است.',
      ),
      el(
        'intent_removal',
        'The accused meant to remove those persons from the protection of the law for a prolonged period.',
        'متهم قصد داشته آن افراد را برای مدتی طولانی از حمایت قانون بیرون کند.',
      ),
    ],
  },
  {
    key: 'cah.other_inhumane_acts',
    group: 'crimes_against_humanity',
    provision: 'Art. 7(1)(k)',
    title: { en: 'Other inhumane acts', fa: 'دیگر اعمال غیرانسانی' },
    requires: 'cah.context',
    elements: [
      el(
        'suffering',
        'By an inhumane act, the accused caused great suffering or serious injury to body or to mental or physical health.',
        'متهم با عملی غیرانسانی رنجی بزرگ یا آسیبی جدی به جسم یا سلامت روانی یا جسمی وارد کرده است.',
      ),
      el(
        'similar_character',
        'The act was of a nature and gravity similar to the other acts listed in art. 7(1).',
        'آن عمل از نظر ماهیت و شدت همانند دیگر اعمال فهرست‌شده در بند ۱ ماده‌ی ۷ بوده است.',
      ),
      el(
        'awareness',
        'The accused was aware of the facts that gave the act that character.',
        'متهم از واقعیت‌هایی که به آن عمل چنین ویژگی‌ای می‌داد آگاه بوده است.',
      ),
    ],
  },
  {
    key: 'genocide.killing',
    group: 'genocide',
    provision: 'Art. 6(a)',
    title: { en: 'Genocide by killing', fa: 'نسل‌کشی از راه کشتار' },
    elements: [
      el('killing', 'The accused killed one or more persons.', 'متهم یک یا چند نفر را کشته است.'),
      el(
        'protected_group',
        'Those persons belonged to a particular national, ethnical, racial or religious group.',
        'آن افراد به گروهی ملی، قومی، نژادی یا مذهبی مشخص تعلق داشته‌اند.',
      ),
      el(
        'intent',
        'The accused meant to destroy that group, in whole or in part, as such.',
        'متهم قصد نابودی کلی یا جزئی آن گروه را، به همین عنوان، داشته است.',
      ),
      el(
        'pattern',
        'The killing was part of a manifest pattern of similar conduct against the group, or could itself destroy it.',
        'این کشتار بخشی از الگویی آشکار از رفتارهای مشابه علیه آن گروه بوده، یا خود می‌توانسته به نابودی آن بینجامد.',
      ),
    ],
  },
  {
    key: 'liability.ordering',
    group: 'liability',
    provision: 'Art. 25(3)(b)',
    title: { en: 'Ordering', fa: 'دستور دادن' },
    elements: [
      el(
        'authority',
        'The person held a position of authority over those who carried out the crime.',
        'آن شخص بر مجریان جنایت جایگاه اقتدار داشته است.',
      ),
      el(
        'order',
        'The person instructed others to commit the crime, or to act in a way that made it substantially likely.',
        'آن شخص به دیگران دستور ارتکاب جنایت، یا رفتاری که احتمال جدی آن را در پی داشت، داده است.',
      ),
      el(
        'effect',
        'The crime was committed, or attempted, because of the order.',
        'جنایت در نتیجه‌ی آن دستور ارتکاب یافته یا آغاز شده است.',
      ),
    ],
  },
  {
    key: 'liability.co_perpetration',
    group: 'liability',
    provision: 'Art. 25(3)(a)',
    title: { en: 'Co-perpetration', fa: 'مباشرت مشترک' },
    elements: [
      el(
        'common_plan',
        'The person and others agreed on, or shared, a plan that would lead to the crime.',
        'آن شخص و دیگران بر طرحی که به جنایت می‌انجامید توافق داشته یا در آن شریک بوده‌اند.',
      ),
      el(
        'essential_contribution',
        'The person made an essential contribution, without which the crime would not have happened as it did.',
        'آن شخص سهمی اساسی داشته که بدون آن جنایت آن‌گونه رخ نمی‌داد.',
      ),
      el(
        'mental',
        'The person shared the intent, and knew the facts that gave them joint control over the crime.',
        'آن شخص در قصد شریک بوده و از واقعیت‌هایی که به او کنترل مشترک بر جنایت می‌داد آگاه بوده است.',
      ),
    ],
  },
  {
    key: 'liability.aiding',
    group: 'liability',
    provision: 'Art. 25(3)(c)',
    title: { en: 'Aiding and abetting', fa: 'معاونت' },
    elements: [
      el(
        'assistance',
        'The person aided, abetted or otherwise assisted the commission of the crime, including by providing the means.',
        'آن شخص در ارتکاب جنایت کمک، تشویق یا به شکلی دیگر یاری کرده است، از جمله با فراهم کردن وسایل آن.',
      ),
      el(
        'purpose',
        'The person did so to facilitate the crime.',
        'آن شخص این کار را برای آسان‌کردن ارتکاب جنایت انجام داده است.',
      ),
    ],
  },
  {
    key: 'liability.superior',
    group: 'liability',
    provision: 'Art. 28',
    title: { en: 'Command or superior responsibility', fa: 'مسئولیت فرمانده یا مافوق' },
    elements: [
      el(
        'effective_control',
        'The person had effective command, authority or control over those who committed the crime.',
        'آن شخص بر مرتکبان جنایت فرماندهی، اقتدار یا کنترل مؤثر داشته است.',
      ),
      el(
        'knowledge',
        'The person knew, or consciously disregarded information clearly showing, that the crimes were being or about to be committed.',
        'آن شخص می‌دانسته، یا اطلاعاتی را که آشکارا نشان می‌داد جنایات در حال وقوع یا در شرف وقوع‌اند آگاهانه نادیده گرفته است.',
      ),
      el(
        'failure',
        'The person failed to take the necessary and reasonable measures within their power to prevent or repress the crimes, or to report them for investigation.',
        'آن شخص اقدامات لازم و معقولی را که در توانش بود برای پیشگیری یا سرکوب جنایات، یا ارجاع آن‌ها برای تحقیق، انجام نداده است.',
      ),
    ],
  },
];

const byKey = new Map(CRIMES.map((c) => [c.key, c]));

export function crimeByKey(key: string): CrimeDefinition | undefined {
  return byKey.get(key);
}

/** True when `crime` names an entry of the catalogue and `element` one of its elements. */
export function isKnownElement(crime: string, element: string): boolean {
  return byKey.get(crime)?.elements.some((e) => e.key === element) ?? false;
}
