//! A screen (HTML text and its inline buttons), the ◀ ▶ pagers the reading screens share, and
//! showing a screen in place of the message whose button was pressed.

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId},
};

use super::{Tg, callback::Callback, keyboards::button};

/// Buttons per page in lists.
const PAGE: usize = 8;

/// A screen: HTML text and its buttons.
pub struct View {
    pub text: String,
    pub markup: InlineKeyboardMarkup,
}

/// ◀ ▶ for page `page` of `total` items; `to` builds the callback of a page.
pub fn pager(page: usize, total: usize, to: impl Fn(u16) -> Callback) -> Option<Vec<InlineKeyboardButton>> {
    let pages = total.div_ceil(PAGE);
    if pages <= 1 {
        return None;
    }
    let mut row = Vec::new();
    if page > 0 {
        row.push(button(format!("◀ {}/{pages}", page), &to((page - 1) as u16)));
    }
    if page + 1 < pages {
        row.push(button(format!("{}/{pages} ▶", page + 2), &to((page + 1) as u16)));
    }
    Some(row)
}

/// ◀ ▶ between the messages of one long text (an item, an article): part `part` of `total`.
pub fn part_pager(
    part: usize,
    total: usize,
    to: impl Fn(u16) -> Callback,
) -> Option<Vec<InlineKeyboardButton>> {
    if total <= 1 {
        return None;
    }
    let mut row = Vec::new();
    if part > 0 {
        row.push(button(format!("◀ {part}/{total}"), &to((part - 1) as u16)));
    }
    if part + 1 < total {
        row.push(button(format!("{}/{total} ▶", part + 2), &to((part + 1) as u16)));
    }
    Some(row)
}

/// Page `page` of `list` (clamped to the last page) and the page number it is.
pub fn page_of<T>(list: &[T], page: usize) -> (&[T], usize) {
    let pages = list.len().div_ceil(PAGE).max(1);
    let page = page.min(pages - 1);
    let start = page * PAGE;
    (&list[start..(start + PAGE).min(list.len())], page)
}

/// Shows `view` in place of `message`, or as a new message. Generic in the error so that a
/// handler can return it as its own result.
pub async fn show<E: From<teloxide::RequestError>>(
    bot: &Tg,
    chat: ChatId,
    message: Option<MessageId>,
    view: View,
) -> Result<(), E> {
    if let Some(id) = message {
        match bot
            .edit_message_text(chat, id, view.text.clone())
            .reply_markup(view.markup.clone())
            .await
        {
            Ok(_) => return Ok(()),
            Err(teloxide::RequestError::Api(teloxide::ApiError::MessageNotModified)) => return Ok(()),
            Err(e) => log::debug!("cannot edit message {}: {e}; sending anew", id.0),
        }
    }
    bot.send_message(chat, view.text)
        .reply_markup(view.markup)
        .await?;
    Ok(())
}
